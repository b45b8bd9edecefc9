"""The applicant's pages: start, answer (draft, submit with a confirmation), second phase, withdraw, own files."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from hubportal.errors import ServiceError

from .. import services
from ..forms import AnswersForm, ApplicationStartForm, DraftAnswersForm
from ..models import Answer, Application, Question
from .public import visible_calls


class ApplicationStartView(LoginRequiredMixin, View):
    """Who applies: one of the person's organisations or a new one; creates the draft."""

    template_name = "calls/application_start.html"

    def get_call(self):
        return get_object_or_404(visible_calls(self.request.user), slug=self.kwargs["slug"])

    def render(self, call, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"call": call, "form": form, "open": call.accepts_submissions()},
            status=status,
        )

    def get(self, request, slug):
        call = self.get_call()
        return self.render(call, ApplicationStartForm(user=request.user, call=call))

    def post(self, request, slug):
        call = self.get_call()
        form = ApplicationStartForm(request.POST, user=request.user, call=call)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = services.application_start(
                    call=call,
                    user=request.user,
                    organisation=data["organisation_ref"],
                    organisation_name=data.get("organisation_name") or "",
                    organisation_type=data["organisation_type"],
                    publish_consent=data["publish_consent"],
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your draft has been created. Answer the questions and save at any time."))
                return redirect(application)
        return self.render(call, form)


class ApplicationListView(LoginRequiredMixin, ListView):
    """ "My applications": each with its call, stage and what can be done next."""

    template_name = "calls/application_list.html"
    context_object_name = "applications"

    def get_queryset(self):
        return Application.objects.of(self.request.user).for_account()


def own_application(request, code) -> Application:
    """The signed-in person's application (anyone else's is a 404)."""
    return get_object_or_404(Application.objects.of(request.user).select_related("call", "call__hub"), code=code)


def _questions(application, phase):
    return list(application.call.questions.filter(phase=phase).order_by("position", "pk"))


def _answers(application):
    return {answer.question_id: answer for answer in application.answers.all()}


class AnswersViewMixin(LoginRequiredMixin):
    """One phase's answers: "save draft" keeps everything as typed (only files are checked), "save" on a submitted
    application and "submit" check everything; the form comes back with the errors and all that was typed."""

    phase = Question.Stage.FIRST
    template_name = "calls/application_detail.html"

    def context(self, application, form, **extra):
        now = timezone.now()
        return {
            "application": application,
            "call": application.call,
            "form": form,
            "phase": self.phase,
            "editable": self.editable(application, now),
            "answers": [(q, _answers(application).get(q.pk)) for q in _questions(application, self.phase)],
            "second_phase_questions": application.call.questions.filter(phase=Question.Stage.SECOND).exists(),
            **extra,
        }

    def editable(self, application, now) -> bool:
        if self.phase == Question.Stage.SECOND:
            return application.can_answer_second_phase(now)
        return application.can_be_edited(now)

    def get(self, request, code):
        application = own_application(request, code)
        form = AnswersForm(questions=_questions(application, self.phase), answers=_answers(application), strict=True)
        return render(request, self.template_name, self.context(application, form))

    def drafts(self, application) -> bool:
        """Whether this phase is still a draft (kept as typed) rather than checked answers."""
        if self.phase == Question.Stage.SECOND:
            return application.second_phase_submitted_at is None
        return application.is_draft

    def post(self, request, code):
        application = own_application(request, code)
        questions, answers = _questions(application, self.phase), _answers(application)
        submit = "submit" in request.POST
        if self.drafts(application):
            form = DraftAnswersForm(request.POST, request.FILES, questions=questions, answers=answers)
            form.is_valid()
            values = form.raw_values()
        else:
            form = AnswersForm(request.POST, request.FILES, questions=questions, answers=answers, strict=True)
            if not form.is_valid():
                return render(request, self.template_name, self.context(application, form), status=200)
            values = form.clean_values()
        try:
            services.application_save(
                application=application, user=request.user, values=values, uploads=form.uploads(), phase=self.phase
            )
        except ServiceError as error:
            form.add_error(None, error.message)
            return render(request, self.template_name, self.context(application, form))
        if form.file_errors():
            messages.warning(request, _("Your answers have been saved, but a file was refused: see the marked field."))
            return render(request, self.template_name, self.context(application, form))
        if submit:
            checked = services.stored_answers_form(application, self.phase)
            if not checked.is_valid():
                form = AnswersForm(
                    request.POST, request.FILES, questions=questions, answers=_answers(application), strict=True
                )
                form.is_valid()
                form.add_error(None, str(services.Incomplete.message))
                return render(request, self.template_name, self.context(application, form))
            return redirect(self.confirm_url(application))
        messages.success(request, _("Your answers have been saved."))
        return redirect(request.path)


class ApplicationDetailView(AnswersViewMixin, View):
    """The application: its stage, and the answers (editable until the deadline)."""

    def confirm_url(self, application):
        from django.urls import reverse

        return reverse("calls:application_submit", kwargs={"code": application.code})


class SecondPhaseView(AnswersViewMixin, View):
    """Finalists answer the second phase's questions until its deadline."""

    phase = Question.Stage.SECOND
    template_name = "calls/second_phase.html"

    def get(self, request, code):
        application = own_application(request, code)
        if not (application.is_finalist or application.second_phase_submitted_at):
            raise Http404
        return super().get(request, code)

    def post(self, request, code):
        application = own_application(request, code)
        if not application.is_finalist:
            raise Http404
        return super().post(request, code)

    def confirm_url(self, application):
        from django.urls import reverse

        return reverse("calls:second_phase_submit", kwargs={"code": application.code})


class SubmitConfirmView(LoginRequiredMixin, View):
    """Shows the answers once more and submits them on confirmation."""

    template_name = "calls/application_submit.html"
    phase = Question.Stage.FIRST

    def get(self, request, code):
        application = own_application(request, code)
        answers = _answers(application)
        rows = [(q, answers.get(q.pk)) for q in _questions(application, self.phase)]
        return render(
            request,
            self.template_name,
            {"application": application, "call": application.call, "rows": rows, "phase": self.phase},
        )

    def post(self, request, code):
        application = own_application(request, code)
        try:
            if self.phase == Question.Stage.SECOND:
                services.second_phase_submit(application=application, user=request.user)
                messages.success(
                    request, _("The second phase has been submitted. We have sent you a copy of your answers.")
                )
            else:
                services.application_submit(application=application, user=request.user)
                messages.success(
                    request, _("Your application has been submitted. We have sent you a copy of your answers.")
                )
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect(application)


class SecondPhaseSubmitView(SubmitConfirmView):
    phase = Question.Stage.SECOND


class ApplicationWithdrawView(LoginRequiredMixin, View):
    """Asks once more, then withdraws."""

    template_name = "calls/application_withdraw.html"

    def get(self, request, code):
        application = own_application(request, code)
        return render(request, self.template_name, {"application": application, "call": application.call})

    def post(self, request, code):
        application = own_application(request, code)
        try:
            services.application_withdraw(application=application, user=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your application has been withdrawn."))
        return redirect("calls:application_list")


def file_response(answer: Answer) -> FileResponse:
    """A private PDF as an attachment: never shown inline, never sniffed, never cached by others."""
    try:
        handle = answer.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=answer.file_name or "file.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def application_file(request, code, pk):
    """The applicant's own uploaded file (anyone else: 404; visitors: the login page)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    application = own_application(request, code)
    answer = get_object_or_404(Answer.objects.exclude(file=""), application=application, pk=pk)
    return file_response(answer)
