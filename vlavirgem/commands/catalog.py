"""``vlavirgem catalog products|vendors|standards|who-uses|compare|standards-coverage``."""

from __future__ import annotations

from typing import Annotated

import typer

from vlavirgem.commands.common import (
    DataOption,
    FormatOption,
    IncludeInternalOption,
    ListFormat,
    OnOption,
    app,
    load,
    on_date,
    reports_usage_errors,
    sub_app,
)
from vlavirgem.commands.panels import ASK
from vlavirgem.commands.rows import ByOption, for_people, plain
from vlavirgem.core.wording import counted, plural

catalog = sub_app("The software catalogue: products, vendors, standards, who uses what, market shares.")
app.add_typer(catalog, name="catalog", rich_help_panel=ASK)

@catalog.command("products")
@reports_usage_errors
def products_command(
    on: OnOption = None,
    domain: Annotated[str | None, typer.Option("--domain", help="Only products of this domain.")] = None,
    vendor: Annotated[str | None, typer.Option("--vendor", help="Only products of this vendor (id or name).")] = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the products: vendor, domain, standards supported, and municipalities using each on the date.

    A government uses a product on a day when one of its software records holds that day (from its
    start, or else from its first observation) with status in-use or phasing-out. Counts are of
    municipalities: a municipality uses a product when its gemeente or its OCMW does.

    Examples:

    \b
        vlavirgem catalog products --domain besluitvorming

    \b
    $ vlavirgem catalog products --format csv
    id,name,vendor,vendor_name,domain,standards,municipalities
    cobra,Cobra,cevi-logins,Cevi/Logins,besluitvorming,1,67
    digitaal-vergaderen,Digitaal Vergaderen,tobania,Tobania,besluitvorming,0,0
    gelinkt-notuleren,Gelinkt Notuleren,abb,Agentschap Binnenlands Bestuur,besluitvorming,2,7
    inetum-realdolmen-koppeling,Koppeling met Digitaal Loket en Lokaal Mandatenbeheer (Inetum
    green-valley-mandatenbeheer-koppeling,Koppeling met Lokaal Mandatenbeheer (Green Valley Belgium)
    meeting-burger,Meeting.burger,remmicom,Remmicom,besluitvorming,1,45
    notula,Notula,green-valley-belgium,Green Valley Belgium,besluitvorming,1,0
    cipal-schaubroeck-echo-raadpleegomgeving,Raadpleegomgeving van Cipal Schaubroeck,cipal-schau
    onlinesmartcities-raadpleegomgeving,Raadpleegomgeving van Green Valley Belgium,green-valley-
    9 products; 250 municipalities use at least one of them on 2026-11-28.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.catalog import products, usage_notes, user_count
    from vlavirgem.queries.names import resolve_id
    from vlavirgem.queries.scope import scope, shown

    dataset = load(data, include_internal=include_internal)
    view = scope(dataset, on_date(on), include_internal)
    vendor_id = None
    if vendor:
        pool = {v.id: v for v in dataset.vendors.values() if shown(v, include_internal)}
        vendor_id = resolve_id(pool, vendor, "vendor", {v.id: v.name for v in pool.values()}).id
    rows = [plain(row) for row in products(view, domain, vendor_id)]
    users = user_count(view, {row["id"] for row in rows})
    columns = {"name": "Name", "vendor_name": "Vendor", "domain": "Domain", "standards": "Standards",
               "municipalities": "Municipalities", "id": "Id"}
    footer = [f"{counted(len(rows), 'product')}; {counted(users, 'municipality', 'municipalities')} "
              f"{plural(users, 'uses', 'use')} at least one of them on {view.on}.",
              *usage_notes(view)]
    write_rows(rows, columns, fmt.value, title=f"Products on {view.on}", footer=footer)


@catalog.command("vendors")
@reports_usage_errors
def vendors_command(
    on: OnOption = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the vendors: their number of products, and of municipalities using any of them on the date.

    \b
    $ vlavirgem catalog vendors --format csv
    id,name,products,municipalities
    abb,Agentschap Binnenlands Bestuur,1,7
    cevi-logins,Cevi/Logins,1,67
    cipal-schaubroeck,Cipal Schaubroeck,1,79
    green-valley-belgium,Green Valley Belgium,3,53
    inetum-realdolmen,Inetum Realdolmen,1,1
    remmicom,Remmicom,1,45
    tobania,Tobania,1,0
    7 vendors.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.catalog import usage_notes, vendors
    from vlavirgem.queries.scope import scope

    view = scope(load(data, include_internal=include_internal), on_date(on), include_internal)
    rows = [plain(row) for row in vendors(view)]
    columns = {"name": "Name", "products": "Products", "municipalities": "Municipalities", "id": "Id"}
    write_rows(rows, columns, fmt.value, title=f"Vendors on {view.on}",
               footer=[f"{counted(len(rows), 'vendor')}.", *usage_notes(view)])


@catalog.command("standards")
@reports_usage_errors
def standards_command(
    on: OnOption = None,
    relevant: Annotated[bool, typer.Option(
        "--relevant", help="Only the standards the register flags as relevant to local governments.")] = False,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the information standards: category, status, usage, relevance, the products supporting
    each and the municipalities whose software uses it on the date.

    \b
    $ vlavirgem catalog standards --relevant --format csv
    id,name,category,status,usage,relevant,products,municipalities
    applicatieprofiel-adresregister,Applicatieprofiel Adresregister,Applicatieprofiel
    applicatieprofiel-besluit-mobiliteit,Applicatieprofiel Besluit Mobiliteit,Applicatieprofiel
    applicatieprofiel-besluit-publicatie,Applicatieprofiel Besluit Publicatie,Applicatieprofiel
    applicatieprofiel-besluit-subsidies,Applicatieprofiel Besluit Subsidies,Applicatieprofiel
    applicatieprofiel-besluitvorming,Applicatieprofiel Besluitvorming,Applicatieprofiel
    ...
    37 standards relevant to local governments.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.scope import scope
    from vlavirgem.queries.standards import standards

    view = scope(load(data, include_internal=include_internal), on_date(on), include_internal)
    rows = [plain(row) for row in standards(view, relevant)]
    columns = {"name": "Name", "category": "Category", "status": "Status", "usage": "Usage",
               "relevant": "Relevant", "products": "Products", "municipalities": "Municipalities"}
    which = " relevant to local governments" if relevant else ""
    write_rows(rows, columns, fmt.value, title=f"Standards{which} on {view.on}",
               footer=[f"{counted(len(rows), 'standard')}{which}."])


@catalog.command("who-uses")
@reports_usage_errors
def who_uses_command(
    offer: Annotated[str, typer.Argument(metavar="PRODUCT|VENDOR", help="A product or vendor: id or name.")],
    on: OnOption = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the governments that use a product, or any product of a vendor, on the date.

    "since" is the start of the use, or its first observation where the start is not known
    (shown as "first seen"; since_observed is true in csv and json).

    Examples:

    \b
        vlavirgem catalog who-uses "Gelinkt Notuleren"
        vlavirgem catalog who-uses cipal-schaubroeck --format json

    \b
    $ vlavirgem catalog who-uses cobra --on 2024-01-01 --format csv
    id,kind,name,nis,province,region,region_name,product,product_name,status,since,since_observed
    gemeente-12025,gemeente,Mechelen,12025,Antwerpen,rivierenland,Rivierenland,cobra,Cobra,in-use
    gemeente-11030,gemeente,Niel,11030,Antwerpen,regio-antwerpen,Regio Antwerpen,cobra,Cobra,in-use
    gemeente-73109,gemeente,Voeren,73109,Limburg,limburg,Limburg,cobra,Cobra,in-use,2022-11-18,True,
    gemeente-43002,gemeente,Assenede,43002,Oost-Vlaanderen,regio-gent,Regio Gent,cobra,Cobra,in-use
    gemeente-42003,gemeente,Berlare,42003,Oost-Vlaanderen,denderregio,Denderregio,cobra,Cobra,in-use
    ...
    68 municipalities use Cobra on 2024-01-01.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.catalog import resolve_offer, usage_notes, who_uses
    from vlavirgem.queries.scope import scope

    dataset = load(data, include_internal=include_internal)
    view = scope(dataset, on_date(on), include_internal)
    found = resolve_offer(dataset, offer, include_internal)
    rows = [plain(row) for row in who_uses(view, found)]
    shown = [{**row, "since": f"{row['since']} (first seen)" if row["since_observed"] else row["since"]}
             for row in rows]
    columns = {"province": "Province", "name": "Name", "kind": "Kind", "region_name": "Region",
               "product_name": "Product", "status": "Status", "since": "Since"}
    listed = len({r['id'] for r in rows})
    users = len({r['nis'] for r in rows})
    apart = f" ({listed} governments listed: a gemeente and its OCMW apart)" if listed != users else ""
    footer = [f"{counted(users, 'municipality', 'municipalities')} {plural(users, 'uses', 'use')} {found.name} "
              f"on {view.on}{apart}.",
              *usage_notes(view)]
    write_rows(shown if fmt == ListFormat.table else rows, columns, fmt.value,
               title=f"Who uses {found.name} on {view.on}", footer=footer)


@catalog.command("compare")
@reports_usage_errors
def compare_command(
    domain: Annotated[str, typer.Option("--domain", help="The domain, for example besluitvorming.")],
    by: ByOption = None,
    on: OnOption = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """Market share of each product in a domain on the date, overall or per region or province.

    share = municipalities using the product / municipalities using any product of the domain (in
    the group). A municipality uses a product when its gemeente or its OCMW does, and is grouped
    with its gemeente. One using two products of the domain counts for both. A software record's own
    domain, where it names one, overrides the product's.

    Examples:

    \b
        vlavirgem catalog compare --domain besluitvorming --by province

    \b
    $ vlavirgem catalog compare --domain besluitvorming --format csv
    product,product_name,vendor_name,municipalities,users,share
    cipal-schaubroeck-echo-raadpleegomgeving,Raadpleegomgeving van Cipal Schaubroeck,Cipal Schau
    cobra,Cobra,Cevi/Logins,67,250,0.268
    onlinesmartcities-raadpleegomgeving,Raadpleegomgeving van Green Valley Belgium,Green Valley
    meeting-burger,Meeting.burger,Remmicom,45,250,0.18
    gelinkt-notuleren,Gelinkt Notuleren,Agentschap Binnenlands Bestuur,7,250,0.028
    250 municipalities use software of domain besluitvorming on 2026-11-28.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.catalog import compare, usage_notes
    from vlavirgem.queries.scope import scope

    view = scope(load(data, include_internal=include_internal), on_date(on), include_internal)
    rows = [plain(row) for row in compare(view, domain, by.value if by else None)]
    if by is None:
        rows = [{k: v for k, v in row.items() if k not in ("group", "group_name")} for row in rows]
    columns = {"group_name": by.value.capitalize()} if by else {}
    columns |= {"product_name": "Product", "vendor_name": "Vendor", "municipalities": "Municipalities",
                "users": "Users in domain", "share": "Share"}
    users = sum({row.get("group"): row["users"] for row in rows}.values())
    footer = [f"{counted(users, 'municipality', 'municipalities')} {plural(users, 'uses', 'use')} "
              f"software of domain {domain} on {view.on}.",
              *usage_notes(view)]
    write_rows(for_people(rows) if fmt == ListFormat.table else rows, columns, fmt.value,
               title=f"Market shares in {domain} on {view.on}", footer=footer)


@catalog.command("standards-coverage")
@reports_usage_errors
def standards_coverage_command(
    on: OnOption = None,
    everything: Annotated[bool, typer.Option(
        "--all", help="Every standard, also those no product supports and no software names.")] = False,
    relevant: Annotated[bool, typer.Option(
        "--relevant", help="Only the standards flagged as relevant to local governments.")] = False,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """Per standard: the products that support it (with the evidence), and the share of the
    municipalities of the date whose software in use supports it (or whose software record names it).
    A municipality counts when its gemeente or its OCMW does.

    json gives one object per standard with its products nested; table and csv give one row per
    standard and supporting product.

    Examples:

    \b
        vlavirgem catalog standards-coverage --relevant

    \b
    $ vlavirgem catalog standards-coverage --format json
    [
      {
        "standard": "applicatieprofiel-besluit-publicatie",
        "name": "Applicatieprofiel Besluit Publicatie",
        "relevant": true,
        "municipalities": 250,
        "declared": 0,
        "valid": 285,
        "share": 0.8772,
        "products": [
          {
            "product": "cobra",
            "product_name": "Cobra",
            "vendor_name": "Cevi/Logins",
            "evidence": "Agenda, notulen, besluitenlijst en uittreksels verschijnen als HTML met
            "municipalities": 67
          },
    ...
    250 of 285 municipalities on 2026-11-28 have software in use recorded; shares are of all 285.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.catalog import usage_notes
    from vlavirgem.queries.counting import municipality_count
    from vlavirgem.queries.scope import scope
    from vlavirgem.queries.standards import coverage, software_recorded

    view = scope(load(data, include_internal=include_internal), on_date(on), include_internal)
    documents = [plain(row) for row in coverage(view, everything, relevant)]
    rows = [{**{k: v for k, v in doc.items() if k != "products"}, **_supporter(product)}
            for doc in documents for product in (doc["products"] or [None])]
    columns = {"name": "Standard", "municipalities": "Municipalities", "share": "Share",
               "product_name": "Product", "evidence": "Evidence"}
    valid = municipality_count(view)
    recorded = software_recorded(view)
    footer = [f"{recorded} of {counted(valid, 'municipality', 'municipalities')} on {view.on} "
              f"{plural(recorded, 'has', 'have')} software in use recorded; shares are of all {valid}.",
              *usage_notes(view)]
    chosen = {ListFormat.json: documents, ListFormat.csv: rows}.get(fmt, for_people(rows))
    write_rows(chosen, columns, fmt.value, title=f"Standards coverage on {view.on}", footer=footer)


def _supporter(product: dict[str, object] | None) -> dict[str, object]:
    keys = ("product", "product_name", "vendor_name", "evidence", "municipalities")
    names = {"municipalities": "product_municipalities"}
    return {names.get(key, key): (product or {}).get(key) for key in keys}
