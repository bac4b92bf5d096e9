"""Schemathesis generates requests from the OpenAPI schema: none may make the server fail.

Every response must also match what the schema promises (status codes, content types, bodies),
so the published schema stays an honest description of the API. One check is left out: a
schema-valid question can still be unusable ("?!" has no words), and the API says so with a 422.
A body over the size limit gets 413 before it is read, whatever else is wrong with it.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from assistant.config import Settings
from assistant.http.app import create_app
from assistant.models import Answer
from assistant.service import Assistant
from tests.servers import api_settings


@pytest.fixture(scope="module")
def api_schema(built_settings: Settings, assistant: Assistant) -> schemathesis.BaseSchema:
    app = create_app(
        api_settings(built_settings, allowed_origins=["http://intranet.test"]), assistant
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
def test_generated_requests_never_cause_a_server_error(
    api_schema: schemathesis.BaseSchema, mode: schemathesis.GenerationMode
) -> None:
    """Valid and invalid requests for each operation: all answered, all as documented."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 6
    for operation in operations:
        takes_input = bool(list(operation.iter_parameters())) or bool(list(operation.body))
        if mode is schemathesis.GenerationMode.NEGATIVE and not takes_input:
            continue  # nothing to get wrong

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            excluded = [positive_data_acceptance]
            if response.status_code == 413:
                # too large to read is a rejection too (documented in the schema), whichever
                # other rule the generated body also broke
                excluded.append(negative_data_rejection)
            case.validate_response(response, excluded_checks=excluded)

        check()


def test_the_schema_documents_examples_and_errors(api_schema: schemathesis.BaseSchema) -> None:
    raw = api_schema.raw_schema
    ask = raw["paths"]["/v1/ask"]["post"]
    assert {"401", "413", "422", "429", "503"} <= set(ask["responses"])
    example = ask["responses"]["200"]["content"]["application/json"]["example"]
    assert Answer.model_validate(example).citations
    request = raw["components"]["schemas"]["AskRequest"]
    assert request["examples"][0]["question"]
    stream = raw["paths"]["/v1/ask/stream"]["post"]["responses"]["200"]["content"]
    assert "text/event-stream" in stream
