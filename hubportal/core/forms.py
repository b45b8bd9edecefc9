from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Renders every form with our accessible markup (labels, help and errors tied to fields)."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
