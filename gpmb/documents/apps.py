from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "gpmb.documents"
    label = "documents"
    verbose_name = _("Văn bản")

    def ready(self) -> None:
        from gpmb.cases.queries import STEP_DOCUMENTS
        from gpmb.documents import jobs
        from gpmb.documents.recovery import CASE_STEP_DOCUMENTS

        jobs.register()
        STEP_DOCUMENTS.update(CASE_STEP_DOCUMENTS)
