from django.db import models


class Row(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()
    department = models.IntegerField()
    created = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.title
