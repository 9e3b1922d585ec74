"""The one jinja2 environment: sandboxed, `StrictUndefined`, for memo templates and prompts.

Contract text reaches templates as data. The sandbox keeps a template (or text smuggled
into one) from reaching Python internals; `StrictUndefined` makes a typo in a template an
error instead of an empty string in an auditor's memo.
"""

from __future__ import annotations

from functools import cache

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from assistant.resources import prompts_dir, templates_dir


@cache
def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(
            [FileSystemLoader(str(templates_dir())), FileSystemLoader(str(prompts_dir()))]
        ),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from assistant import render_filters

    env.filters.update(render_filters.FILTERS)
    return env


def render(template_name: str, **context: object) -> str:
    return environment().get_template(template_name).render(**context)
