# Assignment now lives in the core app (same table): the projects app forgets it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_assignment'),
        ('projects', '0004_assignment_table_to_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Assignment')],
        ),
    ]
