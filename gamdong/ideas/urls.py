from django.urls import path

from gamdong.ideas import views

app_name = "ideas"
urlpatterns = [
    path("", views.plaza, name="plaza"),
    path("new/", views.idea_new, name="idea_new"),
    path("<int:pk>/", views.idea, name="idea"),
    path("<int:pk>/comment/", views.idea_comment, name="idea_comment"),
    path("<int:pk>/support/", views.idea_support, name="idea_support"),
    path("<int:pk>/revise/", views.idea_revise, name="idea_revise"),
    path("house/", views.house, name="house"),
    path("mine/", views.mine, name="mine"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/mine/", views.my_proposals, name="my_proposals"),
    path("proposals/queue/", views.queue, name="queue"),
    path("proposals/all/", views.all_proposals, name="all_proposals"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("proposals/<int:pk>/screen/<str:action>/", views.screen, name="screen"),
]
