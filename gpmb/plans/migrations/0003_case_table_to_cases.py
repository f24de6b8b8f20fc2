# Case moves to the new `cases` app (DESIGN.md, December 2026): first its table takes the
# new app's name, then cases.0001 takes the model over without touching the data.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0002_plan_versions_lines_decisions'),
    ]

    operations = [
        migrations.AlterModelTable(name='case', table='cases_case'),
    ]
