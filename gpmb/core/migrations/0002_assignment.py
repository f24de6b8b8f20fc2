# Takes over Assignment from the projects app (projects.0004 renamed its table) in this
# app's state only, and moves its content type with its permissions and history.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to(app_label):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        source = "projects" if app_label == "core" else "core"
        ContentType.objects.filter(app_label=source, model="assignment").update(app_label=app_label)

    return move


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('projects', '0004_assignment_table_to_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Assignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                        ('role', models.CharField(choices=[('compensation_officer', 'Cán bộ bồi thường, hỗ trợ, tái định cư'), ('commune_land_officer', 'Cán bộ địa chính xã/phường'), ('appraiser', 'Cán bộ thẩm định'), ('approver', 'Người phê duyệt'), ('accountant', 'Kế toán'), ('leadership', 'Lãnh đạo'), ('investor', 'Chủ đầu tư'), ('inspector', 'Thanh tra, kiểm toán'), ('administrator', 'Quản trị hệ thống')], max_length=30, verbose_name='vai trò')),
                        ('active', models.BooleanField(default=True, verbose_name='đang hiệu lực')),
                        ('commune', models.ForeignKey(blank=True, help_text='Để trống: mọi xã/phường của dự án', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='projects.adminunit', verbose_name='xã/phường')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to=settings.AUTH_USER_MODEL, verbose_name='người dùng')),
                        ('project', models.ForeignKey(blank=True, help_text='Để trống: mọi dự án', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='projects.project', verbose_name='dự án')),
                    ],
                    options={
                        'verbose_name': 'phân công',
                        'verbose_name_plural': 'phân công',
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_to("core"), content_type_to("projects")),
    ]
