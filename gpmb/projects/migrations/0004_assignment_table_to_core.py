# Assignment moves to the core app, beside the permissions that read it (DESIGN.md,
# December 2026): its table takes the new name first; core.0002 takes the model over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0003_boundary'),
    ]

    operations = [
        migrations.AlterModelTable(name='assignment', table='core_assignment'),
    ]
