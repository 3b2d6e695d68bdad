"""Geotagging quality on annotated news corpora (../shared/data/gazetteer).

Run from the repository root:  python -m bench.geoeval

For each corpus: recognition precision, recall and F1 (a predicted mention counts when it
overlaps a gold toponym, one to one), and resolution accuracy: the share of recognised
toponyms placed within 161 km (100 miles) of the gold coordinates, the customary "Acc@161";
a country or state counts as right when the gold point lies in it (its nearest city does).
Gold toponyms we cannot know by design are counted anyway (streets, buildings, demonyms such
as "Turkish", towns under 15,000 people), so recall is a floor; "in gazetteer" recall counts
only gold toponyms whose point lies within 161 km of some place our gazetteer has.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from bot.geo import gazetteer
from bot.geo.distance import km_between
from bot.geo.tagger import Tagger

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gazetteer"
ACCURACY_KM = 161.0


@dataclass
class Gold:
    start: int
    end: int
    lat: float | None
    lon: float | None


@dataclass
class Document:
    text: str
    gold: list[Gold] = field(default_factory=list)


def _float(node: ET.Element | None) -> float | None:
    try:
        return float(node.text) if node is not None and node.text else None
    except ValueError:
        return None


def read_corpus(path: Path) -> list[Document]:
    """TR-News, LGL, GeoVirus and GeoWebNews, each in its own schema, as documents."""
    documents = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        doc = Document(text)
        for toponym in article.iter("toponym"):
            if toponym.findtext("nonLocational") == "Yes" or toponym.findtext("type") in (
                "Demonym", "Language", "Non_Toponym", "Homonym",
            ):  # fmt: skip
                continue
            gaztag = toponym.find("gaztag")
            lat = (
                _float(gaztag.find("lat"))
                if gaztag is not None
                else _float(toponym.find("latitude"))
            )
            lon = (
                _float(gaztag.find("lon"))
                if gaztag is not None
                else _float(toponym.find("longitude"))
            )
            doc.gold.append(
                Gold(int(toponym.findtext("start")), int(toponym.findtext("end")), lat, lon)
            )
        for location in article.iter("location"):
            doc.gold.append(
                Gold(
                    int(location.findtext("start")),
                    int(location.findtext("end")),
                    _float(location.find("lat")),
                    _float(location.find("lon")),
                )
            )
        documents.append(doc)
    return documents


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    gold_known: int = 0
    matched_predicted: int = 0
    matched_gold: int = 0
    matched_known: int = 0
    resolved: int = 0
    resolved_right: int = 0

    def line(self, name: str) -> str:
        precision = self.matched_predicted / self.predicted if self.predicted else 0.0
        recall = self.matched_gold / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        known = self.matched_known / self.gold_known if self.gold_known else 0.0
        accuracy = self.resolved_right / self.resolved if self.resolved else 0.0
        return (
            f"{name:<12} | {self.gold:>5} | {precision:>9.1%} | {recall:>6.1%} | {f1:>5.1%} | "
            f"{known:>12.1%} | {accuracy:>7.1%}"
        )


def right(gaz: gazetteer.Gazetteer, place: gazetteer.Place, gold: Gold) -> bool:
    """Within 161 km of the gold point; for a country or state, containing it."""
    assert gold.lat is not None and gold.lon is not None
    if place.kind is not gazetteer.PlaceKind.CITY:
        inside = gaz.nearest_city(gold.lat, gold.lon)
        if (
            inside is not None
            and inside.country == place.country
            and (place.kind is gazetteer.PlaceKind.COUNTRY or inside.region == place.region)
        ):
            return True
    return km_between(place.lat, place.lon, gold.lat, gold.lon) <= ACCURACY_KM


def evaluate(tagger: Tagger, documents: list[Document]) -> Score:
    score = Score()
    places = tagger.gazetteer.places.values()
    grid = {(round(p.lat), round(p.lon)) for p in places}
    for doc in documents:
        mentions = tagger.mentions(doc.text)
        score.predicted += len(mentions)
        score.gold += len(doc.gold)
        used: set[int] = set()
        for gold in doc.gold:
            known = (
                gold.lat is not None
                and gold.lon is not None
                and any(
                    (round(gold.lat) + a, round(gold.lon) + b) in grid
                    for a in (-1, 0, 1)
                    for b in (-1, 0, 1)
                )
            )
            score.gold_known += known
            hit = next(
                (
                    i
                    for i, m in enumerate(mentions)
                    if i not in used and m.start < gold.end and gold.start < m.end
                ),
                None,
            )
            if hit is None:
                continue
            used.add(hit)
            score.matched_gold += 1
            score.matched_known += known
            if gold.lat is not None and gold.lon is not None:
                score.resolved += 1
                score.resolved_right += right(tagger.gazetteer, mentions[hit].place, gold)
        score.matched_predicted += len(used)
    return score


def main() -> None:
    if not CORPORA.exists():
        raise SystemExit(f"evaluation data missing: {CORPORA}")
    tagger = Tagger(gazetteer.load())
    print(
        f"{'corpus':<12} | {'gold':>5} | {'precision':>9} | {'recall':>6} | {'F1':>5} | "
        f"{'in gazetteer':>12} | {'Acc@161':>7}"
    )
    for name, file in (
        ("TR-News", "TR-News.xml"),
        ("LGL (100)", "lgl.first-100-articles.xml"),
        ("GeoVirus", "GeoVirus.xml"),
        ("GeoWebNews", "GeoWebNews.first-60-articles.xml"),
    ):
        print(evaluate(tagger, read_corpus(CORPORA / file)).line(name))


if __name__ == "__main__":
    main()
