"""Look-ups into the reviewer's inputs, so that every step asks the same questions the same way.

`Inputs(None)` behaves as "the reviewer has supplied nothing": every look-up answers None or
an empty list, and the steps fall back to flagging the question, as they did before inputs
existed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.schemas import (
    BreakageEstimate,
    ConstraintJudgement,
    LicenceNatureInput,
    MaterialRightInput,
    PrincipalAgentInput,
    ReviewerInputs,
    SspOverride,
    TimingInput,
    UsageForecast,
    VariableAllocationInput,
    VariableEstimate,
    VariableKind,
)


@dataclass(frozen=True)
class Inputs:
    raw: ReviewerInputs = field(default_factory=ReviewerInputs)
    supplied: bool = False

    @classmethod
    def of(cls, inputs: ReviewerInputs | Inputs | None) -> Inputs:
        if isinstance(inputs, Inputs):
            return inputs
        if inputs is None:
            return cls()
        return cls(raw=inputs, supplied=True)

    def forecast(self, fee_line: int) -> UsageForecast | None:
        return next((f for f in self.raw.usage_forecasts if f.fee_line == fee_line), None)

    def breakage(self, fee_line: int) -> BreakageEstimate | None:
        return next((b for b in self.raw.breakage if b.fee_line == fee_line), None)

    def principal_agent(self, fee_line: int) -> PrincipalAgentInput | None:
        return next((p for p in self.raw.principal_agent if p.fee_line == fee_line), None)

    def licence_nature(self, fee_line: int) -> LicenceNatureInput | None:
        return next((n for n in self.raw.licence_natures if n.fee_line == fee_line), None)

    def timing(self, fee_lines: list[int]) -> TimingInput | None:
        return next((t for t in self.raw.timing if t.fee_line in fee_lines), None)

    def variable_allocation(self, fee_line: int) -> VariableAllocationInput | None:
        return next((v for v in self.raw.variable_allocation if v.fee_line == fee_line), None)

    def ssp_override(self, po_id: str) -> SspOverride | None:
        return next((o for o in self.raw.ssp_overrides if o.po_id == po_id), None)

    def estimates(self, kind: VariableKind) -> list[VariableEstimate]:
        return [e for e in self.raw.variable_estimates if e.kind is kind]

    def constraint(
        self, kind: VariableKind | None = None, fee_line: int | None = None
    ) -> ConstraintJudgement | None:
        for c in self.raw.constraints:
            if fee_line is not None and c.fee_line == fee_line:
                return c
            if kind is not None and c.kind is kind:
                return c
        return None

    def material_right(
        self, *, option: int | None = None, discount: int | None = None, setup: bool = False
    ) -> MaterialRightInput | None:
        for m in self.raw.material_rights:
            if option is not None and m.option == option:
                return m
            if discount is not None and m.discount == discount:
                return m
            if setup and m.setup_renewal:
                return m
        return None
