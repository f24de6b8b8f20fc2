# CalculationLine carries its project like every hot table: added empty, filled from the
# line's plan version in one statement, then required.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0001_initial"),
        ("plans", "0004_case_moved_to_cases"),
    ]

    operations = [
        migrations.AddField(
            model_name="calculationline",
            name="project",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="projects.project",
                verbose_name="dự án",
            ),
        ),
        migrations.RunSQL(
            "UPDATE plans_calculationline SET project_id = ("
            "SELECT project_id FROM plans_planversion"
            " WHERE plans_planversion.id = plans_calculationline.plan_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="calculationline",
            name="project",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="projects.project",
                verbose_name="dự án",
            ),
        ),
    ]
