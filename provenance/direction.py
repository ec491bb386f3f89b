"""Direction: of two articles that share text, which one can be the other's source.

Each piece of evidence moves the log-odds that Y is X's source, and says
so in words a person can check:

* **Time.** A certainly earlier article is the likelier source; a certainly
  later one cannot be the source at all (:mod:`provenance.timeline` says
  when times are too uncertain to order).
* **Credits.** X naming Y's outlet in a credit line is close to proof; Y
  naming X's is the reverse. Two articles that both credit one outside
  source and not each other are siblings: the text they share came from
  that source, and neither is the other's parent.
* **Content.** A derivative is mostly inside its source, and the source
  carries material the derivative lacks: the share of X that the pair's
  passages cover, against the share of Y. In a cluster the source also
  accounts for its derivatives better than they account for each other
  (``reach``: how much of the others an article covers on average), which
  is what tells an original from its rewrites when nothing is dated. The
  caller leaves out an article's lead, the material above the text the two
  share: outlets write their own introductions (see
  :mod:`provenance.leads`).
* **Named.** An article whose outlet the cluster's other articles credit
  is the source they name. When time cannot order two articles, it is the
  likelier source of the other: of an undated original and its verbatim
  reprint, the original is the one others credit. When time orders them,
  it decides: a credit names an article's own source, which may be a copy
  in the middle of a chain.
* **Readings.** Where the two word the same stretch differently, the one
  whose wording the cluster's other copies follow is the nearer to their
  source (:mod:`provenance.readings`); the other's wording is its own edit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from provenance.names import agency, is_domain, same_source
from provenance.readings import Wording
from provenance.timeline import Window, before

#: Log-odds weights of the evidence.
TIME_WEIGHT = 2.0
CREDIT_WEIGHT = 5.0
CONTAINMENT_WEIGHT = 4.0
REACH_WEIGHT = 2.0
READINGS_WEIGHT = 2.0
#: Half the weight of time, which it stands in for (see the module docstring).
NAMED_WEIGHT = 1.0
#: Kinds of credit that give an article's whole copy to one source (see :mod:`provenance.credits`).
WHOLE_COPY = ("originally", "source", "via", "dateline")
#: Share of X inside Y, and lead over the share of Y inside X, for X to be
#: called inside Y when nothing else orders them.
INSIDE = 0.8
INSIDE_GAP = 0.3


@dataclass(frozen=True)
class SourceCredit:
    """A credit line of an article that names a source.

    Attributes:
        name: The source as named ("theverge").
        kind: The credit's kind (see :mod:`provenance.credits`).
        line: The credit as written.
    """

    name: str
    kind: str
    line: str


@dataclass(frozen=True)
class Node:
    """An article as lineage sees it.

    Attributes:
        id: Article id.
        outlet_names: Its outlet's names (outlet field, URL domain).
        window: When it can have been published (``None``: unknown).
        when: Its publication time as written in evidence.
        credits: The sources it credits (its own outlet left out).
        stems: The stems of its content words.
        wording: Its word runs, to compare readings.
        placed: Its content stems with where each stands, to tell its own
            lead from what it shares.
    """

    id: str
    outlet_names: tuple[str, ...]
    window: Window | None
    when: str
    credits: tuple[SourceCredit, ...] = ()
    stems: frozenset[str] = frozenset()
    wording: Wording = field(default_factory=Wording)
    placed: tuple[tuple[int, str], ...] = ()

    def credits_outlet(self, other: Node) -> SourceCredit | None:
        """The credit of this article that names ``other``'s outlet, if any."""
        if not other.outlet_names:
            return None
        return next((c for c in self.credits if same_source(c.name, other.outlet_names)), None)

    def source_credits(self) -> list[SourceCredit]:
        """The credits that may name an outside source of this article.

        A byline counts only when it names an agency ("By Reuters", not
        "By Jane Roe"), and "according to" only when it names an outlet:
        "according to Reuters", "according to a report in The Verge" or
        "according to theverge.com" credit one, while "according to Chief
        Smith" attributes a statement and says nothing of the copy's origin.
        """
        return [c for c in self.credits if _names_source(c)]

    def same_outlet(self, other: Node) -> bool:
        """Whether the two were published by one outlet."""
        return bool(self.outlet_names and other.outlet_names and same_source(self.outlet_names, other.outlet_names))


@dataclass(frozen=True)
class Direction:
    """The case for Y being X's source.

    Attributes:
        probability: Probability that Y is X's source rather than the reverse.
        possible: False when Y cannot be X's source (published after it, or
            both derive from one credited outside source).
        evidence: The reasons, in words.
    """

    probability: float
    possible: bool
    evidence: tuple[str, ...] = field(default_factory=tuple)


def _names_source(credit: SourceCredit) -> bool:
    if credit.kind == "byline":
        return agency(credit.name) is not None
    if credit.kind == "according":
        return bool(
            agency(credit.name)
            or is_domain(credit.name)
            or credit.name.startswith("The ")
            or re.search(r"\b(?:report|story|article)\b", credit.line, re.IGNORECASE)
        )
    return True


def _inside(share_derived: float, share_source: float) -> bool:
    """Whether X is nearly all inside Y while Y is not inside X."""
    return share_derived >= INSIDE and share_derived - share_source >= INSIDE_GAP


def direction(
    source: Node,
    derived: Node,
    share_derived: float,
    share_source: float,
    reach: dict[str, float],
    lean: float = 0.0,
    named: tuple[int, int] = (0, 0),
    openings: tuple[int, int] = (0, 0),
) -> Direction:
    """How likely ``source`` is the source of ``derived``.

    Args:
        source: Y, the candidate source.
        derived: X, the candidate derivative.
        share_derived: Share of X covered by the pair's passages.
        share_source: Share of Y covered by them.
        reach: The reach of each member of the cluster (see module
            docstring), counted over the articles other than these two;
            empty when the cluster has no other article.
        lean: How far the other copies follow Y's readings rather than X's,
            from -1 to 1 (see :meth:`provenance.readings.Agreement.lean`).
        named: How many of the cluster's other articles credit Y's outlet,
            and X's.
        openings: How many content stems of Y's opening, and of X's, were
            left out of ``source`` and ``derived`` (see
            :mod:`provenance.leads`): said beside the shares they change.
    """
    evidence = []
    logit = 0.0
    order = before(source.window, derived.window)
    if order is False:
        return Direction(0.0, False, (f"{source.id} was published after {derived.id} ({source.when} vs {derived.when})",))
    if order:
        logit += TIME_WEIGHT
        evidence.append(f"published earlier ({source.when} vs {derived.when})")
    elif source.window and derived.window:
        evidence.append(f"times too close or uncertain to order ({source.when} vs {derived.when})")
    credit = derived.credits_outlet(source)
    back = source.credits_outlet(derived)
    if credit:
        logit += CREDIT_WEIGHT
        # The credit is the evidence a reader checks first.
        evidence.insert(0, f'{derived.id} credits it: "{credit.line}"')
    if back:
        logit -= CREDIT_WEIGHT
        evidence.append(f'it credits {derived.id}: "{back.line}"')
    if not credit and not back:
        theirs = source.source_credits()
        common = [c for c in derived.source_credits() if any(same_source(c.name, s.name) for s in theirs)]
        if common:
            name = common[0].name
            return Direction(0.0, False, (f"both credit {name} and not each other: siblings from a common source",))
        # A credit giving X's whole copy to W, which Y neither is nor credits:
        # Y cannot have passed it on, so the copy came from W and Y is W's
        # other copy. "W contributed to this report" credits a part only.
        elsewhere = next((c for c in derived.source_credits() if c.kind in WHOLE_COPY), None)
        if elsewhere:
            logit -= CREDIT_WEIGHT
            evidence.append(
                f'{derived.id} credits its copy to {elsewhere.name} ("{elsewhere.line}"), which it neither is nor credits'
            )
    if derived.stems and source.stems:
        # Word stems, not aligned sentences: a derivative's vocabulary is
        # mostly its source's, while the source has words it never used.
        common = len(derived.stems & source.stems)
        share_derived, share_source = common / len(derived.stems), common / len(source.stems)
    containment = share_derived - share_source
    if not order and not credit and not back and not reach and not _inside(share_derived, share_source):
        # Two articles alone, undated and uncredited, each with material
        # the other lacks: independent reports or siblings, no direction.
        return Direction(0.5, True, ("no time, credit or third article orders them, and neither is inside the other",))
    logit += CONTAINMENT_WEIGHT * containment
    if abs(containment) >= 0.05:
        inside, outside = (derived.id, "it") if containment > 0 else ("it", derived.id)
        evidence.append(
            f"{inside} is more inside the other ({max(share_derived, share_source):.0%} vs "
            f"{min(share_derived, share_source):.0%} of its content stems shared): {outside} has material the other lacks"
        )
        left_out = [f"{who} {count}" for who, count in ((f"{derived.id}'s", openings[1]), ("its", openings[0])) if count]
        if left_out:
            evidence.append(
                f"counted without the opening above the text they share ({' and '.join(left_out)} content stems): "
                "an outlet's own introduction is no sign it is the source"
            )
    difference = reach[source.id] - reach[derived.id] if reach else 0.0
    logit += REACH_WEIGHT * difference
    if abs(difference) >= 0.05:
        evidence.append(
            f"it accounts for the cluster's other articles {'better' if difference > 0 else 'worse'} "
            f"({reach[source.id]:.0%} vs {reach[derived.id]:.0%} on average)"
        )
    if bool(named[0]) != bool(named[1]) and not order:
        logit += NAMED_WEIGHT if named[0] else -NAMED_WEIGHT
        whose, count = ("its", named[0]) if named[0] else (f"{derived.id}'s", named[1])
        others = "another article of the cluster credits" if count == 1 else f"{count} other articles of the cluster credit"
        evidence.append(f"{others} {whose} outlet: the source {'it names' if count == 1 else 'they name'}")
    logit += READINGS_WEIGHT * lean
    if abs(lean) >= 0.2:
        follower, edited = ("it", f"{derived.id}'s") if lean > 0 else (derived.id, "its")
        evidence.append(
            f"where the two word a passage differently, the cluster's other copies follow {follower} "
            f"({abs(lean):.0%} lead): the differing wording is {edited} own edit"
        )
    return Direction(1.0 / (1.0 + math.exp(-logit)), True, tuple(evidence))
