"""`gamdong serve` collects static files with hashed names (WhiteNoise's manifest storage),
which follows every url() and source map a file names: a missing one stops the server."""

from django.core.management import call_command


def test_static_files_collect_with_the_production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert any(tmp_path.glob("vendor/leaflet/leaflet.*.js"))
