"""Admin pages: problem categories and training examples."""

from __future__ import annotations

from fastapi import Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from handoff import admin as A, casework
from handoff.audit import record
from handoff.casework import CaseworkError
from handoff.web import Console, Deps, RouteTable, Staff, redirect, render
import sqlalchemy as sa

from intake.models import ModelVersion, Priority, ProblemCategory, Role, TrainingExample


def register(table: RouteTable, console: Console, deps: Deps) -> None:
    @table.get("/admin/categories", Role.admin)
    def categories(request: Request, staff: Staff = Depends(deps.admin), session: Session = Depends(deps.db)) -> Response:
        return render(console, request, "console/admin_categories.html",
                      {"rows": casework.categories(session, active_only=False)})

    @table.get("/admin/categories/new", Role.admin)
    def category_new(request: Request, staff: Staff = Depends(deps.admin)) -> Response:
        blank = ProblemCategory(key="", name_th="", name_en="")
        return render(console, request, "console/admin_category_form.html",
                      {"category": blank, "create": True, "priorities": list(Priority)})

    @table.get("/admin/categories/{key}", Role.admin)
    def category_edit(key: str, request: Request, staff: Staff = Depends(deps.admin),
                      session: Session = Depends(deps.db)) -> Response:
        category = session.get(ProblemCategory, key)
        if category is None:
            return redirect(console, "/console/admin/categories", flash="ไม่พบหมวดนี้", error=True)
        return render(console, request, "console/admin_category_form.html",
                      {"category": category, "create": False, "priorities": list(Priority)})

    @table.post("/admin/categories", Role.admin)
    def category_save(key: str = Form(""), name_th: str = Form(""), name_en: str = Form(""),
                      description: str = Form(""), default_priority: str = Form("normal"),
                      sla_minutes: int = Form(1440), active: str = Form(""), sort: int = Form(100),
                      create: str = Form(""), staff: Staff = Depends(deps.admin),
                      session: Session = Depends(deps.db)) -> Response:
        try:
            A.save_category(session, staff.viewer, key=key, name_th=name_th, name_en=name_en, description=description,
                            default_priority=default_priority, sla_minutes=sla_minutes, active=active == "1",
                            sort=sort, create=create == "1")
        except CaseworkError as exc:
            session.rollback()
            target = "/console/admin/categories/new" if create == "1" else f"/console/admin/categories/{key}"
            return redirect(console, target, flash=str(exc), error=True)
        session.commit()
        return redirect(console, "/console/admin/categories", flash="บันทึกหมวดแล้ว")

    @table.get("/admin/examples", Role.admin)
    def examples(request: Request, staff: Staff = Depends(deps.admin), session: Session = Depends(deps.db)) -> Response:
        label = request.query_params.get("label") or None
        source = request.query_params.get("source") or None
        page = max(0, int(request.query_params.get("page", "0") or 0)) if request.query_params.get("page", "0").isdigit() else 0
        rows, total = A.examples(session, label=label, source=source, offset=page * 50)
        return render(console, request, "console/admin_examples.html", {
            "rows": rows, "total": total, "page": page, "label": label, "source": source,
            "categories": casework.categories(session, active_only=False),
        })

    @table.get("/admin/examples/{example_id}", Role.admin)
    def example_edit(example_id: int, request: Request, staff: Staff = Depends(deps.admin),
                     session: Session = Depends(deps.db)) -> Response:
        example = session.get(TrainingExample, example_id) if example_id else TrainingExample(text="", labels=[])
        if example is None:
            return redirect(console, "/console/admin/examples", flash="ไม่พบตัวอย่างนี้", error=True)
        if example_id:
            record(session, user_id=staff.viewer.user_id, action="admin.example.view", case_id=example.case_id,
                   detail={"example_id": example_id})
            session.commit()
        return render(console, request, "console/admin_example_form.html",
                      {"example": example, "categories": casework.categories(session, active_only=False)})

    @table.post("/admin/examples", Role.admin)
    async def example_save(request: Request, staff: Staff = Depends(deps.admin),
                           session: Session = Depends(deps.db)) -> Response:
        form = await request.form()
        raw_id = str(form.get("example_id") or "")
        example_id = int(raw_id) if raw_id.isdigit() and raw_id != "0" else None
        labels = [str(v) for v in form.getlist("labels")]

        def _save() -> Response:
            try:
                if form.get("delete") == "1" and example_id:
                    A.delete_example(session, staff.viewer, example_id)
                else:
                    A.save_example(session, staff.viewer, example_id=example_id, text=str(form.get("text") or ""),
                                   labels=labels, emergency=form.get("emergency") == "1")
            except CaseworkError as exc:
                session.rollback()
                return redirect(console, f"/console/admin/examples/{example_id or 0}", flash=str(exc), error=True)
            session.commit()
            return redirect(console, "/console/admin/examples", flash="บันทึกแล้ว")

        from starlette.concurrency import run_in_threadpool
        return await run_in_threadpool(_save)

    @table.get("/admin/model", Role.admin)
    def model_page(request: Request, staff: Staff = Depends(deps.admin), session: Session = Depends(deps.db)) -> Response:
        versions = session.execute(sa.select(ModelVersion).order_by(ModelVersion.id.desc()).limit(30)).scalars().all()
        corrections = session.execute(sa.select(sa.func.count()).select_from(TrainingExample)).scalar_one()
        return render(console, request, "console/admin_model.html", {
            "versions": versions, "retrainer": console.retrainer, "examples": corrections,
        })

    @table.post("/admin/model/retrain", Role.admin)
    def model_retrain(staff: Staff = Depends(deps.admin)) -> Response:
        if console.retrainer is None:
            return redirect(console, "/console/admin/model", flash="ระบบนี้ยังฝึกโมเดลใหม่ไม่ได้", error=True)
        if not console.retrainer.start(staff.viewer.user_id):
            return redirect(console, "/console/admin/model", flash="กำลังฝึกโมเดลอยู่แล้ว", error=True)
        return redirect(console, "/console/admin/model",
                        flash="เริ่มฝึกโมเดลใหม่แล้ว ใช้เวลาประมาณ 1-2 นาที โหลดหน้านี้ใหม่เพื่อดูผล")
