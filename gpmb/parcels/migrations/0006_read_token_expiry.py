import datetime

from django.db import migrations, models


def expire_in_a_year(apps, schema_editor):
    """Keys made before expiry existed get the default lifetime from their creation."""
    ReadToken = apps.get_model("parcels", "ReadToken")
    for token in ReadToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + datetime.timedelta(days=365)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("parcels", "0005_import_job_becomes_core_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="readtoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="hết hạn lúc"),
        ),
        migrations.RunPython(expire_in_a_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="readtoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="hết hạn lúc"),
        ),
    ]
