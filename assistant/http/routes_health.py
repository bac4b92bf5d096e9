"""/healthz and /readyz: is the process up, and is it ready to answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from assistant.http.runtime import ApiError, Runtime, runtime
from assistant.http.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up (the model may still be loading)."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
def readyz(rt: Annotated[Runtime, Depends(runtime)]) -> Health | JSONResponse:
    """Ready only once the model is loaded and an index is open."""
    try:
        version = rt.ready().index.version
    except ApiError as exc:
        status = "failed" if rt.load_failed else "starting"
        body = Health(status=status, error=exc.message)
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ready", index_version=version)
