# Takes over Case from the plans app (plans.0003 renamed its table): the model is created
# in this app's state only, and its content type, with its permissions and change
# history, is moved so nothing recorded about a case is lost.

import django.db.models.deletion
from django.db import migrations, models


def content_type_to(app_label):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        source = "plans" if app_label == "cases" else "cases"
        ContentType.objects.filter(app_label=source, model="case").update(app_label=app_label)

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('parties', '0001_initial'),
        ('plans', '0003_case_table_to_cases'),
        ('projects', '0002_load_admin_units'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Case',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                        ('status', models.CharField(choices=[('notified', 'Đã thông báo thu hồi'), ('inventoried', 'Đã kiểm đếm'), ('drafted', 'Đã lập dự thảo phương án'), ('posted', 'Đã niêm yết'), ('appraised', 'Đã thẩm định'), ('approved', 'Đã phê duyệt'), ('paid', 'Đã chi trả'), ('handed_over', 'Đã bàn giao mặt bằng')], default='notified', max_length=12, verbose_name='trạng thái')),
                        ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='projects.batch', verbose_name='đợt')),
                        ('commune', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='projects.adminunit', verbose_name='xã/phường')),
                        ('household', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='parties.household', verbose_name='hộ')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='projects.project', verbose_name='dự án')),
                    ],
                    options={
                        'verbose_name': 'hồ sơ',
                        'verbose_name_plural': 'hồ sơ',
                        'ordering': ['project', 'household__code'],
                        'permissions': [('compute_case', 'Tính toán phương án bồi thường, hỗ trợ, tái định cư'), ('decide_case', 'Quyết định dòng tính cần xác nhận')],
                        'indexes': [models.Index(fields=['project', 'commune', 'status'], name='plans_case_project_5cbf49_idx')],
                        'constraints': [models.UniqueConstraint(fields=('household', 'batch'), name='case_unique_batch')],
                    },
                ),
            ],
        ),
        migrations.RenameIndex(
            model_name='case',
            new_name='cases_case_project_db1ec6_idx',
            old_name='plans_case_project_5cbf49_idx',
        ),
        migrations.RunPython(content_type_to("cases"), content_type_to("plans")),
    ]
