"""창의광장 in the JSON API (/api/v1/ideas/): list with sort and search, post, comment,
support and unsupport, revise — the pages' rules (staff only; a resident gets 403).

Errors are {code, message, field}: IdeaError (400, 403, 404, 409) is registered here, once
for the ideas app (api_proposals.py relies on it too).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from gamdong.api import ApiError, register_domain_error
from gamdong.ideas import selectors, services

register_domain_error(services.IdeaError)

router = Router(tags=["ideas"], auth=django_auth)


def _plaza(request: HttpRequest) -> None:
    if not services.can_use_plaza(request.auth):
        raise ApiError("창의광장은 구청 직원만 이용할 수 있습니다.", code="forbidden", status=403)


class IdeaOut(Schema):
    id: int
    title: str
    body: str
    status: str
    status_label: str
    author: str
    department: str | None
    support_count: int
    comment_count: int
    revision_count: int
    created_at: dt.datetime
    version: int
    supported: bool


class IdeaPageOut(Schema):
    count: int | None  # None for a search (see selectors.PlazaPage)
    page: int
    pages: int | None
    has_next: bool
    sort: str
    status: str
    results: list[IdeaOut]


class IdeaIn(Schema):
    title: str
    body: str


class ReviseIn(Schema):
    title: str
    body: str
    version: int
    note: str = ""


class CommentIn(Schema):
    body: str


class CommentOut(Schema):
    id: int
    author: str
    body: str
    created_at: dt.datetime


class RevisionOut(Schema):
    editor: str
    title: str
    body: str
    note: str
    created_at: dt.datetime


class IdeaDetailOut(IdeaOut):
    comments: list[CommentOut]  # 50 a page, oldest first
    comments_page: int
    comments_pages: int
    revisions: list[RevisionOut]
    supporters: list[str]


def _idea(idea, supported: bool | None = None) -> dict:
    return {
        "id": idea.pk, "title": idea.title, "body": idea.body, "status": idea.status,
        "status_label": idea.get_status_display(), "author": idea.author.name,
        "department": idea.department.name if idea.department_id else None,
        "support_count": idea.support_count, "comment_count": idea.comment_count,
        "revision_count": idea.revision_count, "created_at": idea.created_at, "version": idea.version,
        "supported": bool(getattr(idea, "supported", False) if supported is None else supported),
    }


def _detail(request: HttpRequest, idea_id: int, comments_page: int = 1) -> dict:
    view = selectors.idea_detail(idea_id=idea_id, user=request.auth, comments_page=comments_page)
    if view is None:
        raise ApiError("아이디어를 찾을 수 없습니다.", code="not_found", status=404)
    out = _idea(view.idea, supported=view.supported)
    out["comments"] = [{"id": c.pk, "author": c.author.name, "body": c.body, "created_at": c.created_at}
                       for c in view.comments]
    out["revisions"] = [{"editor": r.editor.name, "title": r.title, "body": r.body, "note": r.note,
                         "created_at": r.created_at} for r in view.revisions]
    out["supporters"] = [u.name for u in view.supporters]
    out["comments_page"], out["comments_pages"] = view.comments_page, view.comments_pages
    return out


@router.get("/", response=IdeaPageOut,
            summary="창의광장 아이디어 목록 (status=open|proposed|closed, sort=newest|supported|discussed, q=검색어)")
def list_ideas(request: HttpRequest, sort: str = "newest", q: str = "", status: str = "open", page: int = 1):
    _plaza(request)
    if sort not in selectors.SORTS:
        raise ApiError("정렬은 newest, supported, discussed 중 하나입니다.", code="invalid", field="sort")
    if status not in selectors.STATUS_TABS:
        raise ApiError("상태는 open, proposed, closed 중 하나입니다.", code="invalid", field="status")
    result = selectors.plaza_page(user=request.auth, sort=sort, query=q, status=status, page=page)
    return {"count": result.count, "page": result.number, "pages": result.pages, "has_next": result.has_next,
            "sort": sort, "status": status, "results": [_idea(i) for i in result.object_list]}


@router.post("/", response={201: IdeaDetailOut}, summary="아이디어 올리기")
def post_idea(request: HttpRequest, payload: IdeaIn):
    _plaza(request)
    idea = services.idea_post(author=request.auth, title=payload.title, body=payload.body)
    return Status(201, _detail(request, idea.pk))


@router.get("/{idea_id}", response=IdeaDetailOut, summary="아이디어 (댓글 50개씩, 공감한 사람, 수정 이력)")
def get_idea(request: HttpRequest, idea_id: int, comments: int = 1):
    _plaza(request)
    return _detail(request, idea_id, comments)


@router.post("/{idea_id}/comments", response={201: CommentOut}, summary="댓글 달기")
def comment(request: HttpRequest, idea_id: int, payload: CommentIn):
    _plaza(request)
    c = services.idea_comment(idea_id=idea_id, author=request.auth, body=payload.body)
    return Status(201, {"id": c.pk, "author": c.author.name, "body": c.body, "created_at": c.created_at})


@router.post("/{idea_id}/support", response={201: IdeaOut}, summary="공감 (한 사람 한 번; 다시 하면 409)")
def support(request: HttpRequest, idea_id: int):
    _plaza(request)
    services.idea_support(idea_id=idea_id, user=request.auth)
    return Status(201, _detail(request, idea_id))


@router.delete("/{idea_id}/support", response=IdeaOut, summary="공감 취소 (공감하지 않았으면 409)")
def unsupport(request: HttpRequest, idea_id: int):
    _plaza(request)
    services.idea_unsupport(idea_id=idea_id, user=request.auth)
    return _detail(request, idea_id)


@router.post("/{idea_id}/revise", response=IdeaDetailOut,
             summary="함께 다듬기 (본 버전을 version으로; 그 사이 바뀌었으면 409)")
def revise(request: HttpRequest, idea_id: int, payload: ReviseIn):
    _plaza(request)
    services.idea_revise(idea_id=idea_id, editor=request.auth, title=payload.title, body=payload.body,
                         expected_version=payload.version, note=payload.note)
    return _detail(request, idea_id)
