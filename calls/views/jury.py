"""The jury's pages (staff with the juror's permission, through the admin's guard: MFA like all staff).

A juror sees the calls they sit on, declares per application whether they have a conflict of interest, and only
without one opens and scores it. Others' scores appear once their own review is submitted.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from hubportal.errors import ServiceError

from .. import services
from ..forms import DeclarationForm, RubricForm
from ..models import Answer, Application, Call, Question, Review
from .applications import file_response


def require_juror(user) -> None:
    if not user.has_perm("calls.review_application"):
        raise PermissionDenied


@method_decorator(admin.site.admin_view, name="dispatch")
class JuryCallListView(View):
    """The calls the juror sits on, with how many applications wait for them."""

    def get(self, request):
        require_juror(request.user)
        calls = Call.objects.for_juror(request.user).select_related("hub").order_by("-deadline", "pk")
        return render(request, "calls/jury_list.html", {"calls": calls})


def juror_call(request, slug) -> Call:
    require_juror(request.user)
    return get_object_or_404(Call.objects.for_juror(request.user), slug=slug)


@method_decorator(admin.site.admin_view, name="dispatch")
class JuryCallView(View):
    """One call's applications for this juror: declared or not, conflict or not, own review submitted or not."""

    def get(self, request, slug):
        call = juror_call(request, slug)
        own = Review.objects.filter(juror=request.user)
        applications = (
            Application.objects.assigned_to(request.user, call)
            .prefetch_related(Prefetch("reviews", queryset=own, to_attr="own_reviews"))
            .order_by("organisation_name", "pk")
        )
        rows = [
            (application, application.own_reviews[0] if application.own_reviews else None)
            for application in applications
        ]
        return render(request, "calls/jury_call.html", {"call": call, "rows": rows})


def juror_application(request, slug, code) -> tuple[Call, Application]:
    call = juror_call(request, slug)
    application = get_object_or_404(Application.objects.assigned_to(request.user, call), code=code)
    return call, application


@method_decorator(admin.site.admin_view, name="dispatch")
class JuryApplicationView(View):
    """Declare first; then (without a conflict) the answers, the rubric and, once submitted, the others' scores."""

    template_name = "calls/jury_application.html"

    def context(self, request, call, application, review, *, declaration=None, rubric=None):
        context = {"call": call, "application": application, "review": review}
        if review is None:
            context["declaration"] = declaration or DeclarationForm()
            return context
        if review.conflict:
            return context
        criteria = list(call.criteria.order_by("position", "pk"))
        scores = {score.criterion_id: score for score in review.scores.all()}
        answers = {a.question_id: a for a in Answer.objects.filter(application=application)}
        questions = list(call.questions.order_by("phase", "position", "pk"))
        context.update(
            rubric=rubric or RubricForm(criteria=criteria, scores=scores),
            answers=[(q, answers.get(q.pk)) for q in questions if q.phase == Question.Stage.FIRST],
            second_answers=[
                (q, answers.get(q.pk)) for q in questions if q.phase == Question.Stage.SECOND and q.pk in answers
            ],
            can_score=not call.review_closed,
        )
        if review.submitted_at is not None:
            context["others"] = list(
                Review.objects.submitted().filter(application=application).exclude(pk=review.pk).with_scores()
            )
        return context

    def review(self, request, application):
        return Review.objects.filter(application=application, juror=request.user).prefetch_related("scores").first()

    def get(self, request, slug, code):
        call, application = juror_application(request, slug, code)
        review = self.review(request, application)
        return render(request, self.template_name, self.context(request, call, application, review))

    def post(self, request, slug, code):
        call, application = juror_application(request, slug, code)
        review = self.review(request, application)
        if "conflict" in request.POST or review is None:
            form = DeclarationForm(request.POST)
            if form.is_valid():
                try:
                    services.review_declare(
                        application=application,
                        juror=request.user,
                        conflict=form.cleaned_data["conflict"],
                        note=form.cleaned_data["note"],
                    )
                except ServiceError as error:
                    messages.error(request, error.message)
                return redirect(request.path)
            return render(
                request, self.template_name, self.context(request, call, application, review, declaration=form)
            )
        criteria = list(call.criteria.order_by("position", "pk"))
        scores = {score.criterion_id: score for score in review.scores.all()}
        form = RubricForm(request.POST, criteria=criteria, scores=scores)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.review_save(review=review, juror=request.user, scores=form.scores(), submit=submit)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Your review has been submitted.") if submit else _("Your scores have been saved.")
                )
                return redirect(request.path)
        review = self.review(request, application)
        return render(request, self.template_name, self.context(request, call, application, review, rubric=form))


@admin.site.admin_view
def reviewer_file(request, code, pk):
    """A file of an application for its reviewers: jurors of the call without a conflict (declared), and staff who
    run the call. Everyone else gets a 404."""
    user = request.user
    answer = get_object_or_404(
        Answer.objects.exclude(file="").select_related("application__call"), pk=pk, application__code=code
    )
    application = answer.application
    runs = (
        user.has_perm("calls.view_application") and Call.objects.for_staff(user).filter(pk=application.call_id).exists()
    )
    if not runs:
        cleared = Review.objects.filter(application=application, juror=user, conflict=False)
        assigned = Application.objects.assigned_to(user, application.call).filter(pk=application.pk)
        if not assigned.filter(Exists(cleared.filter(application=OuterRef("pk")))).exists():
            from django.http import Http404

            raise Http404
    return file_response(answer)
