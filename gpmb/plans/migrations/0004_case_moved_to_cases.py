# Case now lives in the cases app (same table): the references follow in the state and
# the plans app forgets the model. The database is not touched.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
        ('census', '0002_case_in_cases_app'),
        ('plans', '0003_case_table_to_cases'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='planversion',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plan_versions', to='cases.case', verbose_name='hồ sơ'),
                ),
                migrations.AlterField(
                    model_name='linedecision',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='cases.case', verbose_name='hồ sơ'),
                ),
                migrations.DeleteModel(name='Case'),
            ],
        ),
    ]
