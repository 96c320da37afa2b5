"""What an HSDS import reports: the problems that stopped it, or what it did."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from directory.hsds.validation import Problem


class ImportProblems(Exception):
    """The input cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Decision:
    """A location whose address the import keeps out of every public output, and why."""

    path: tuple
    name: str
    reason: str

    def as_problem(self) -> Problem:
        return Problem(self.path, f"«{self.name}» kept confidential: {self.reason}")

    def __str__(self) -> str:
        return str(self.as_problem())


@dataclass
class Summary:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    warnings: list[Problem] = field(default_factory=list)
    confidential: list[Decision] = field(default_factory=list)
    # (kind, title, the fields that change) for every page an import updates
    changes: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def change(self, kind: str, title: str, parts: list[str]) -> None:
        self.changes.append((kind, title, parts))

    def decide(self, path, name: str, reason: str) -> None:
        self.confidential.append(Decision(tuple(path), name, reason))

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    @property
    def created(self) -> int:
        return self.total("created")

    @property
    def updated(self) -> int:
        return self.total("updated")

    @property
    def unchanged(self) -> int:
        return self.total("unchanged")

    @property
    def skipped(self) -> int:
        return self.total("skipped")

    def lines(self) -> list[str]:
        found = []
        for kind in ("organisation", "service"):
            counter = self.counts.get(kind, Counter())
            found.append(
                f"{kind}s: {counter['created']} created, {counter['updated']} updated, "
                f"{counter['unchanged']} unchanged, {counter['skipped']} skipped"
            )
        return found
