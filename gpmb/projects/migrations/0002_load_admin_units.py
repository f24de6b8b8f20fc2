from django.db import migrations


def load(apps, schema_editor):
    from gpmb.projects.admin_units import load_admin_units

    load_admin_units(apps.get_model("projects", "AdminUnit"))


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
