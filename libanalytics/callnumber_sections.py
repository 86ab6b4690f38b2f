"""The words on school spine labels that name a section, and the default shelf order.

Change these by passing arguments (``section_order=``, ``collective_biography=``) to
the functions in `libanalytics.callnumber`; the tuples here are the defaults.

>>> DEFAULT_SECTION_ORDER[0], DEFAULT_SECTION_ORDER[-1]
('Easy', 'Other')
"""

from __future__ import annotations

from .schema import SECTIONS

# The order of the sections around the room, as most school libraries shelve them:
# picture books by the door, then fiction, story collections and graphic novels, then
# the Dewey run (collective biography, 920, inside it), individual biography after it,
# then reference, professional and audiovisual shelves; anything unrecognised last.
DEFAULT_SECTION_ORDER: tuple[str, ...] = SECTIONS

# Words that come first on a label. Collection words say where the shelf is or who it is
# for and may be followed by more prefix words ("REF SPA 463", "J FIC", "DVD 599").
AUDIENCE_WORDS = ("J", "JUV", "YA")
LANGUAGE_WORDS = (
    "SPA", "ESP", "SPANISH", "FRE", "FRA", "FRENCH", "CHI", "ZHO", "CHINESE", "GER", "DEU",
    "JPN", "KOR", "VIE", "ARA", "RUS", "POR", "ITA", "HMN", "SOM", "TGL", "HIN", "URD", "POL",
    "HAT", "LAT", "HEB",
)  # fmt: skip
REFERENCE_WORDS = ("REF", "R")
PROFESSIONAL_WORDS = ("PROF",)
AUDIOVISUAL_WORDS = ("AV", "DVD", "CD")
# Words that only repeat what the Dewey number says ("NF 599", "J NF 599"): no shelf of
# their own. Listed so that "NF 599 .S65" is not read as an LC number in class NF.
NONFICTION_WORDS = ("NF",)
COLLECTION_WORDS = (
    AUDIENCE_WORDS
    + LANGUAGE_WORDS
    + REFERENCE_WORDS
    + PROFESSIONAL_WORDS
    + AUDIOVISUAL_WORDS
    + NONFICTION_WORDS
)
# Collection words that name a section rather than a shelf within one.
SECTION_NAMING_WORDS = REFERENCE_WORDS + PROFESSIONAL_WORDS + AUDIOVISUAL_WORDS + NONFICTION_WORDS

# Section words: after one of these comes the author or subject mark, never another
# prefix word, so an author cut "KOR" (Korman) in "FIC KOR" stays an author cut.
EASY_WORDS = ("E FIC", "EASY", "PIC", "E")
FICTION_WORDS = ("FIC", "F")
STORY_COLLECTION_WORDS = ("SC",)
BIOGRAPHY_WORDS = ("BIO", "B", "921", "92")
GRAPHIC_NOVEL_WORDS = ("GN",)
# Easy and graphic-novel labels may carry a Dewey number ("E 599.75 SMI", "GN 741.5 SMI");
# fiction, story collection and biography labels never do ("FIC 1984 ORW" is a title).
SECTION_WORDS_WITH_DEWEY = EASY_WORDS + GRAPHIC_NOVEL_WORDS
SECTION_WORDS = (
    EASY_WORDS + FICTION_WORDS + STORY_COLLECTION_WORDS + BIOGRAPHY_WORDS + GRAPHIC_NOVEL_WORDS
)

# A prefix naming two sections ("DVD FIC", "REF B") goes to the first that applies here.
SECTION_PRIORITY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Professional", PROFESSIONAL_WORDS),
    ("Audiovisual", AUDIOVISUAL_WORDS),
    ("Reference", REFERENCE_WORDS),
    ("Graphic Novel", GRAPHIC_NOVEL_WORDS),
    ("Easy", EASY_WORDS),
    ("Story Collection", STORY_COLLECTION_WORDS),
    ("Fiction", FICTION_WORDS),
    ("Biography", BIOGRAPHY_WORDS),
)

# Dewey 741.5: comics and graphic novels, shelved with the GN section.
GRAPHIC_NOVEL_DEWEY = "741.5"
# Dewey 920: collective biography. Schools differ: most keep it in the Dewey run.
COLLECTIVE_BIOGRAPHY_DEWEY = "920"
DEFAULT_COLLECTIVE_BIOGRAPHY_SECTION = "Nonfiction"

# Letters that can start a Library of Congress class (I, O, W, X and Y are unused).
LC_CLASS_LETTERS = "A-HJ-NP-VZ"
