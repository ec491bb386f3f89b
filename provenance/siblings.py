"""Siblings: three copies that each keep wording the other two lost came from a text that none of them is.

Lineage gives each article its best-supported source among the articles
it shares text with, and so makes one of a group of copies the source of
the others even when all of them were made from a text the corpus lacks:
a wire story nobody scanned, the lecture notes three students rewrote.
Their readings tell the two apart (:mod:`provenance.readings`). Where two
of three copies word a stretch differently, the third keeps the wording
of the one it is nearer. In any tree over the three alone, one of them
lies between the other two, and the end copies' own wordings never reach
each other: for the pair of the middle copy and one end, the other end
follows the middle copy only. When a lost original lies between all
three, each keeps some of its wording that the other two changed, so for
every pair the third follows both sides, about evenly. Then none of them
is the others' source: they are siblings, and their source is the lost
text (an unknown source, or the outlet a sibling credits). Copies of a
copy the corpus holds split the same way, so when an article of the
corpus stands between all three (they follow it wherever it differs from
each), they are not freed.
"""

from __future__ import annotations

from provenance.derivations import ARTICLE, Derivation, Link, partners_of
from provenance.direction import Node
from provenance.readings import Readings

#: Readings the third copy must share with each side of a pair. Two heavy
#: rewrites of one short text make a few of the same changes by chance (on
#: Clough-Stevenson's answers, up to seven shared 3-word runs): chance must
#: not pass for a lost text's wording.
BOTH_SIDES = 10


def lost_source(
    nodes: dict[str, Node], links: list[Link], parents: dict[str, Derivation], readings: Readings
) -> dict[str, str]:
    """Free articles given a source that is their sibling; returns why, for each article freed.

    An article whose source is an original of the cluster (it has no source
    in the cluster: an article in between may be the three's common source)
    is freed, with its source, when a third article shares text
    with both and the three follow one another's readings as copies of a
    lost text do (see the module docstring); so is the third, if its source
    is one of the two. A credit one of the three gives another's outlet
    says which came from which, and then none is freed. Freed articles
    lose their source here; :func:`provenance.lineage.infer` gives them the
    outside source one credits, or their common one.
    """
    partners = partners_of(links)
    freed: dict[str, str] = {}
    for article in sorted(parents):
        derivation = parents[article]
        source = derivation.parent
        if derivation.parent_type != ARTICLE or (source in parents and parents[source].parent_type == ARTICLE):
            continue
        for witness in sorted(partners[article] & partners[source] - {article, source}):
            trio = (article, source, witness)
            # The three's sources among themselves: all go if the readings say none is another's source.
            inside = [one for one in trio if one in parents and parents[one].parent_type == ARTICLE and parents[one].parent in trio]
            if any(nodes[one].credits_outlet(nodes[parents[one].parent]) for one in inside):
                continue  # a credit says which of them came from which
            split = []
            for one, other, third in ((article, source, witness), (source, witness, article), (witness, article, source)):
                found = readings.followed(one, other, [third])
                if found is None or min(found[1].a, found[1].b) < BOTH_SIDES or found[1].lean():
                    break
                link, agreed = found
                split.append(f"{third} follows {link.a} {agreed.a} times, {link.b} {agreed.b}")
            if len(split) == len(trio) and not _between(readings, partners, trio):
                reason = (
                    f"{article}, {source} and {witness} each keep wording the other two changed "
                    f"({'; '.join(split)}): siblings from a text none of them is"
                )
                for one in (*inside, source):
                    freed.setdefault(one, reason)
                break
    for article in freed:
        parents.pop(article, None)
    return freed


def _between(readings: Readings, partners: dict[str, set[str]], trio: tuple[str, str, str]) -> str | None:
    """An article of the corpus the three came through, if any: where it differs from each, the other two follow it.

    Three copies of a copy in the corpus show the same split readings as
    three copies of a lost text; the copy they share is then their source.
    """
    for middle in sorted(set.intersection(*(partners[one] for one in trio)) - set(trio)):
        for one in trio:
            if readings.toward(middle, one, [other for other in trio if other != one]) <= 0:
                break
        else:
            return middle
    return None
