"""ipywidgets front ends for the notebooks.

`WeedingWhatIf` puts a slider on each rule's limits and a switch on each protection;
moving one re-scores the collection with `score_weeding` and shows at once what weeding
the candidates would do (`libanalytics.weeding_whatif`). The numbers on screen are
exactly `WeedingWhatIf.current`, so a test can set a slider and check them against
`score_weeding` called directly. A button saves the settings as a rules file.

The chart is drawn with matplotlib's Agg canvas into an image widget: no display backend
is chosen or changed.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import ipywidgets as w
import polars as pl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import paths
from .errors import LibAnalyticsError
from .loaded import as_frame
from .weeding_whatif import WhatIf, rules_with, what_if, years

OFF = "off"
AGE_CHOICES = list(range(1, 31)) + [35, 40, 50]
UNUSED_CHOICES = list(range(1, 16))
NEW_COPY_YEARS = list(range(0, 6))
DEFAULT_SAVE = paths.LOCAL_DIR / "my_rules.toml"


def _choices(values: list[int], current: int | None) -> list[tuple[str, int]]:
    """Slider stops: "off" (the criterion does not apply) and whole years."""
    years = sorted((set(values) | ({current} if current else set())) - {0})
    return [(OFF, 0)] + [(str(y), y) for y in years]


def age_chart(by_section: pl.DataFrame) -> Figure:
    """Average age by section, before and after weeding the candidates."""
    sections = by_section["section"].to_list()
    before = by_section["average_age_before"].fill_null(0).to_list()
    after = by_section["average_age_after"].fill_null(0).to_list()
    fig = Figure(figsize=(7.5, 0.45 * max(len(sections), 2) + 1.2), layout="constrained")
    ax = fig.add_subplot()
    rows = list(range(len(sections)))
    ax.barh([r - 0.2 for r in rows], before, height=0.4, label="now", color="#9AA9BC")
    ax.barh([r + 0.2 for r in rows], after, height=0.4, label="after weeding", color="#2B6CB0")
    ax.set_yticks(rows, sections)
    ax.invert_yaxis()
    ax.set_xlabel("average age (years since copyright)")
    ax.set_title("Age of the collection by section")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def figure_png(fig: Figure) -> bytes:
    """A figure as PNG bytes, drawn without touching matplotlib's display backend."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


def figures_html(current: WhatIf) -> str:
    """The headline numbers of a what-if as a small HTML table."""
    f = current.figures()
    rows = [
        ("Candidates on the shelves", f"{f['candidates']:,}"),
        (
            "Average age now → after",
            f"{years(f['average_age_before'])} → {years(f['average_age_after'])} years",
        ),
        (
            "Median age now → after",
            f"{years(f['median_age_before'])} → {years(f['median_age_after'])} years",
        ),
        ("Shelf space freed", f"{f['shelf_feet']:,.1f} feet"),
        ("Cost to replace them all", f"${f['replacement_cost']:,.2f}"),
    ]
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    note = (
        f"Shelf space: {current.shelf_note()}. "
        f"Cost: {current.priced_by_median:,} priced at a median."
    )
    return f"<table class='la-whatif'>{body}</table><p><small>{html.escape(note)}</small></p>"


def by_rule_html(current: WhatIf) -> str:
    """Candidates per rule as an HTML table, in the rules file's order."""
    head = "<tr><th>rule</th><th>copies</th><th>candidates</th><th>review</th></tr>"
    body = "".join(
        f"<tr><td>{html.escape(str(r['rule'] or '(no rule)'))}</td><td>{r['copies']:,}</td>"
        f"<td>{r['candidate']:,}</td><td>{r['review']:,}</td></tr>"
        for r in current.by_rule.iter_rows(named=True)
    )
    return f"<table class='la-whatif-rules'>{head}{body}</table>"


class WeedingWhatIf:
    """Sliders for the weeding rules that show at once what weeding would do.

    .. code-block:: python

        whatif = WeedingWhatIf(items, circulation, rules=load_rules(), keep=KEEP_LIST)
        whatif            # in a notebook: the sliders, the numbers and the chart
        whatif.age_sliders["500s science"].value = 8
        whatif.current.figures()["candidates"]

    Parameters
    ----------
    items, circulation, today:
        As for `score_weeding`.
    rules:
        The `Rules` to start from (default: the bundled CREW rules).
    keep:
        The keep list; a switch turns its protection on and off.
    save_to:
        Where the save button writes the rules file (default: ``data/local/my_rules.toml``).
    """

    def __init__(
        self,
        items: Any,
        circulation: Any = None,
        *,
        rules: Any = None,
        keep: Any = None,
        today: Any = None,
        save_to: str | Path | None = None,
    ) -> None:
        from .weeding import load_rules

        self.items = as_frame(items, "items")
        self.circulation = as_frame(circulation, "circulation") if circulation is not None else None
        self.base_rules = rules if rules is not None else load_rules()
        self.keep = keep
        # The first scoring fixes the analysis date, so that moving a slider changes
        # nothing but the rules.
        self.today = today
        layout = w.Layout(width="270px")
        style = {"description_width": "0px"}
        self.age_sliders: dict[str, w.SelectionSlider] = {}
        self.unused_sliders: dict[str, w.SelectionSlider] = {}
        rule_rows = [
            w.HBox(
                [
                    w.HTML("<b>rule</b>", layout=w.Layout(width="190px")),
                    w.HTML("<b>oldest allowed (years)</b>", layout=layout),
                    w.HTML("<b>longest unused (years)</b>", layout=layout),
                ]
            )
        ]
        for rule in self.base_rules.entries:
            age = w.SelectionSlider(
                options=_choices(AGE_CHOICES, rule.max_age_years),
                value=rule.max_age_years or 0,
                layout=layout,
                style=style,
                continuous_update=False,
            )
            unused = w.SelectionSlider(
                options=_choices(UNUSED_CHOICES, rule.max_unused_years),
                value=rule.max_unused_years or 0,
                layout=layout,
                style=style,
                continuous_update=False,
            )
            self.age_sliders[rule.name] = age
            self.unused_sliders[rule.name] = unused
            label = w.HTML(html.escape(rule.name), layout=w.Layout(width="190px"))
            rule_rows.append(w.HBox([label, age, unused]))
        self.use_keep_list = w.Checkbox(
            value=keep is not None,
            disabled=keep is None,
            description="protect the copies on the keep list"
            + ("" if keep is not None else " (no keep list given)"),
            style={"description_width": "initial"},
            indent=False,
            # A checkbox is 300 px wide by default, which cuts these labels short.
            layout=w.Layout(width="auto"),
        )
        # The rules file's own protection is a stop of the slider even outside 0-5 years,
        # so the what-if opens as the file says (as `_choices` does for the limits).
        self.protect_new_years = w.SelectionSlider(
            options=_choices(NEW_COPY_YEARS, self.base_rules.protect_new_copies_years),
            value=self.base_rules.protect_new_copies_years or 0,
            description="protect copies acquired in the last (years)",
            style={"description_width": "initial"},
            layout=w.Layout(width="460px"),
            continuous_update=False,
        )
        self.protect_last_copy = w.Checkbox(
            value=bool(self.base_rules.protect_last_copy_in_district),
            description="protect the last copy of a title in the district",
            style={"description_width": "initial"},
            indent=False,
            # A checkbox is 300 px wide by default, which cuts these labels short.
            layout=w.Layout(width="auto"),
        )
        self.numbers = w.HTML()
        self.rule_table = w.HTML()
        self.chart = w.Image(format="png")
        self.save_path = w.Text(
            value=str(save_to or DEFAULT_SAVE),
            description="save as",
            layout=w.Layout(width="520px"),
        )
        self.save_button = w.Button(description="Save these rules", icon="save")
        self.message = w.HTML()
        self.current: WhatIf | None = None
        self.updates = 0

        for slider in [*self.age_sliders.values(), *self.unused_sliders.values()]:
            slider.observe(self.update, names="value")
        for toggle in (self.use_keep_list, self.protect_new_years, self.protect_last_copy):
            toggle.observe(self.update, names="value")
        self.save_button.on_click(self.save)

        self.widget = w.VBox(
            [
                w.HTML("<h4>Limits per rule</h4>"),
                w.VBox(rule_rows),
                w.HTML("<h4>Protections</h4>"),
                self.use_keep_list,
                self.protect_new_years,
                self.protect_last_copy,
                w.HTML("<h4>What weeding the candidates would do</h4>"),
                self.numbers,
                self.chart,
                self.rule_table,
                w.HBox([self.save_path, self.save_button]),
                self.message,
            ]
        )
        self.update()
        self.today = self.current.result.today

    # -- what the sliders say -----------------------------------------------------------
    def limits(self) -> dict[str, dict[str, int | None]]:
        """The limits the sliders show, for every rule whose limits were moved."""
        changed = {}
        for rule in self.base_rules.entries:
            age = self.age_sliders[rule.name].value or None
            unused = self.unused_sliders[rule.name].value or None
            if (age, unused) != (rule.max_age_years, rule.max_unused_years):
                changed[rule.name] = {"max_age_years": age, "max_unused_years": unused}
        return changed

    def settings(self) -> dict[str, Any]:
        """The arguments of `what_if` that the widgets are set to."""
        return {
            "rules": self.base_rules,
            "limits": self.limits(),
            "keep": self.keep if self.use_keep_list.value else None,
            "today": self.today,
            "protect_new_copies_years": self.protect_new_years.value,
            "protect_last_copy_in_district": self.protect_last_copy.value,
        }

    def rules(self) -> Any:
        """The rules as the sliders set them."""
        s = self.settings()
        return rules_with(
            s["rules"],
            s["limits"],
            protect_new_copies_years=s["protect_new_copies_years"],
            protect_last_copy_in_district=s["protect_last_copy_in_district"],
        )

    # -- reacting -----------------------------------------------------------------------
    def update(self, change: Any = None) -> WhatIf:
        """Re-score with the current settings and show the numbers and the chart."""
        try:
            self.current = what_if(self.items, self.circulation, **self.settings())
        except LibAnalyticsError as exc:
            self.message.value = f"<span style='color:#B00020'>{html.escape(str(exc))}</span>"
            raise
        self.updates += 1
        self.numbers.value = figures_html(self.current)
        self.rule_table.value = by_rule_html(self.current)
        self.chart.value = figure_png(age_chart(self.current.by_section))
        return self.current

    def save(self, button: Any = None) -> Path | None:
        """Write the current settings as a rules file (at the path in the text box)."""
        target = Path(self.save_path.value).expanduser()
        try:
            written = self.rules().to_toml(target)
        except LibAnalyticsError as exc:
            self.message.value = f"<span style='color:#B00020'>{html.escape(str(exc))}</span>"
            return None
        self.message.value = (
            f"Saved to {html.escape(str(written))}. To use these rules, set RULES_FILE to "
            "this file in the parameters cell."
        )
        return written

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        # The widget, with a short plain-text stand-in where widgets cannot be shown (a
        # saved notebook keeps no widget state): the numbers, not the widget tree.
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        return f"<WeedingWhatIf: {self.current.summary() if self.current else 'not run'}>"
