#!/usr/bin/env python3
"""Generate the synthetic "Riverbend County" demo data set.

Everything written by this script is invented. State FIPS "99" belongs to no
real state. The output is byte-for-byte deterministic: all randomness comes
from one random.Random(20261128) and the files are written in a fixed order
with fixed number formatting.

Usage:  python3 geodata/demo/generate_demo.py
The files are written next to this script (see README.md for the list).

Python 3 standard library only.
"""

import csv
import io
import json
import math
import os
import random

SEED = 20261128

STATE_FIPS = "99"
COUNTY_FIPS = "001"
COUNTY_GEOID = STATE_FIPS + COUNTY_FIPS
COUNTY_NAME = "Riverbend County"
STATE_NAME = "Synthetic State"

# Geographic anchor and size.
LON0 = -89.2
LAT0 = 40.4
KM_PER_DEG_LAT = 111.03
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(LAT0))

# County outline: a wobbly ellipse with these semi-axes (km).
SEMI_X = 21.0
SEMI_Y = 17.0
# Grid: NC x NR cells in index space, stretched so that central cells are
# smaller (denser urban core) and outer cells larger.
NC = 22
NR = 18
GRID_HALF_X = 23.5
GRID_HALF_Y = 19.5
JITTER = 0.22
RIVER_COL = 12  # vertex column that the river follows
NUM_NEIGHBORHOODS = 20

EARTH_RADIUS_M = 6371008.8

NEIGHBORHOOD_NAMES = [
    "Northgate", "Cedar Park", "Prairie View", "Westbrook", "Maple Heights",
    "Lakeview", "Foundry District", "Sunnyside", "Willow Bend", "Union Heights",
    "Brickyard", "Kingsley", "Southfield", "Oak Terrace", "Depot Square",
    "Harbor Flats", "Fairgrounds", "Elm Crossing",
]

OUT_DIR = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- helpers

def stretch(u):
    """Monotonic map [-1,1] -> [-1,1]; slope 0.6 at the centre, 1.8 at the ends."""
    return u * (0.6 + 0.4 * u * u)


def km_to_lonlat(x, y):
    lat = LAT0 + y / KM_PER_DEG_LAT
    lon = LON0 + x / KM_PER_DEG_LON
    return (round(lon, 6), round(lat, 6))


def ring_area_m2(coords):
    """Area of a closed lon/lat ring in m^2 (sinusoidal equal-area projection)."""
    lam0 = math.radians(LON0)
    pts = []
    for lon, lat in coords:
        phi = math.radians(lat)
        pts.append((EARTH_RADIUS_M * (math.radians(lon) - lam0) * math.cos(phi),
                    EARTH_RADIUS_M * phi))
    s = 0.0
    for k in range(len(pts) - 1):
        x1, y1 = pts[k]
        x2, y2 = pts[k + 1]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def polygons_area_m2(polys):
    total = 0.0
    for rings in polys:
        total += abs(ring_area_m2(rings[0]))
        for hole in rings[1:]:
            total -= abs(ring_area_m2(hole))
    return total


def neighbours4(c):
    i, j = c
    return [(i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)]


def allocate(total, weights):
    """Split integer total by weights with the largest-remainder method."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    base = [int(math.floor(r)) for r in raw]
    rest = total - sum(base)
    order = sorted(range(len(raw)), key=lambda k: (-(raw[k] - base[k]), k))
    for k in order[:rest]:
        base[k] += 1
    return base


# ---------------------------------------------------------------- grid

def build_vertices(rng):
    """Vertex positions (km, east/north of the anchor) for grid indices."""
    xs = [GRID_HALF_X * stretch(2.0 * i / NC - 1.0) for i in range(NC + 1)]
    ys = [GRID_HALF_Y * stretch(2.0 * j / NR - 1.0) for j in range(NR + 1)]
    river_x = xs[RIVER_COL]
    verts = {}
    for j in range(NR + 1):
        for i in range(NC + 1):
            step_x = min(xs[i] - xs[i - 1] if i > 0 else 99.0,
                         xs[i + 1] - xs[i] if i < NC else 99.0)
            step_y = min(ys[j] - ys[j - 1] if j > 0 else 99.0,
                         ys[j + 1] - ys[j] if j < NR else 99.0)
            jit = JITTER * (0.45 if i == RIVER_COL else 1.0)
            dx = (rng.random() * 2.0 - 1.0) * jit * step_x
            dy = (rng.random() * 2.0 - 1.0) * jit * step_y
            x = xs[i] + dx
            y = ys[j] + dy
            # Smooth meander that bends the grid around the river column.
            bend = 2.6 * math.sin(y / 6.5 + 0.4) + 0.9 * math.sin(y / 2.9)
            weight = math.exp(-((x - river_x) ** 2) / (2.0 * 7.5 ** 2))
            x += bend * weight
            verts[(i, j)] = (x, y)
    return verts


def cell_corners(c):
    i, j = c
    return [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]


def cell_centre(verts, c):
    pts = [verts[v] for v in cell_corners(c)]
    return (sum(p[0] for p in pts) / 4.0, sum(p[1] for p in pts) / 4.0)


def select_county_cells(rng, verts):
    phases = [rng.random() * 2.0 * math.pi for _ in range(3)]

    def inside(x, y):
        ex, ey = x / SEMI_X, y / SEMI_Y
        theta = math.atan2(ey, ex)
        r = (1.0 + 0.06 * math.sin(3 * theta + phases[0])
             + 0.04 * math.sin(5 * theta + phases[1])
             + 0.02 * math.sin(7 * theta + phases[2]))
        return ex * ex + ey * ey < r * r

    cells = set()
    for j in range(NR):
        for i in range(NC):
            x, y = cell_centre(verts, (i, j))
            if inside(x, y):
                cells.add((i, j))
    return clean_region(cells)


def clean_region(cells):
    """Largest 4-connected component, holes filled, no corner-only contacts."""
    changed = True
    while changed:
        changed = False
        # keep largest 4-connected component
        seen, best = set(), set()
        for c in sorted(cells):
            if c in seen:
                continue
            comp, todo = {c}, [c]
            seen.add(c)
            while todo:
                cur = todo.pop()
                for n in neighbours4(cur):
                    if n in cells and n not in seen:
                        seen.add(n)
                        comp.add(n)
                        todo.append(n)
            if len(comp) > len(best):
                best = comp
        if best != cells:
            cells = best
            changed = True
        # fill holes: empty cells not reachable from outside the grid box
        outside, todo = set(), [(-1, -1)]
        outside.add((-1, -1))
        while todo:
            cur = todo.pop()
            for n in neighbours4(cur):
                if (-1 <= n[0] <= NC and -1 <= n[1] <= NR
                        and n not in cells and n not in outside):
                    outside.add(n)
                    todo.append(n)
        for j in range(NR):
            for i in range(NC):
                if (i, j) not in cells and (i, j) not in outside:
                    cells.add((i, j))
                    changed = True
        # remove corner-only contacts by filling one of the empty cells
        for j in range(-1, NR):
            for i in range(-1, NC):
                a = (i, j) in cells
                b = (i + 1, j) in cells
                c = (i, j + 1) in cells
                d = (i + 1, j + 1) in cells
                if a and d and not b and not c:
                    cells.add((i + 1, j))
                    changed = True
                elif b and c and not a and not d:
                    cells.add((i, j))
                    changed = True
        cells = {c for c in cells if 0 <= c[0] < NC and 0 <= c[1] < NR}
    return cells


# ---------------------------------------------------------------- union

def union_rings(cells):
    """Boundary of a set of grid cells as a list of polygons in index space.

    Each polygon is [outer, hole, ...]; rings are closed lists of grid vertex
    indices, outer rings counter-clockwise and holes clockwise. Shared cell
    edges cancel; at a vertex where the region touches itself only at a corner
    the rings are kept apart (left-most turn), so every ring is simple.
    """
    edges = set()
    for c in cells:
        cs = cell_corners(c)
        for k in range(4):
            edges.add((cs[k], cs[(k + 1) % 4]))
    boundary = {e for e in edges if (e[1], e[0]) not in edges}
    out_of = {}
    for e in boundary:
        out_of.setdefault(e[0], []).append(e)

    def next_edge(e):
        (ax, ay), (bx, by) = e
        dx, dy = bx - ax, by - ay
        prefs = [(-dy, dx), (dx, dy), (dy, -dx)]  # left, straight, right
        cands = {(f[1][0] - f[0][0], f[1][1] - f[0][1]): f for f in out_of[e[1]]}
        for d in prefs:
            if d in cands:
                return cands[d]
        raise RuntimeError("broken boundary")

    used = set()
    rings = []
    for start in sorted(boundary):
        if start in used:
            continue
        ring = [start[0]]
        e = start
        while True:
            used.add(e)
            ring.append(e[1])
            e = next_edge(e)
            if e == start:
                break
        rings.append(ring)

    def signed_area(ring):
        return sum(ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1]
                   for k in range(len(ring) - 1)) / 2.0

    def contains(ring, px, py):
        inside = False
        for k in range(len(ring) - 1):
            (x1, y1), (x2, y2) = ring[k], ring[k + 1]
            if (y1 > py) != (y2 > py):
                xi = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
                if xi > px:
                    inside = not inside
        return inside

    outers = [r for r in rings if signed_area(r) > 0]
    holes = [r for r in rings if signed_area(r) < 0]
    polys = [[r] for r in outers]
    for h in holes:
        (ax, ay), (bx, by) = h[0], h[1]
        dx, dy = bx - ax, by - ay
        px = (ax + bx) / 2.0 + 0.5 * dy
        py = (ay + by) / 2.0 - 0.5 * dx
        best = None
        for k, o in enumerate(outers):
            if contains(o, px, py):
                if best is None or signed_area(o) < signed_area(outers[best]):
                    best = k
        if best is None:
            raise RuntimeError("hole without shell")
        polys[best].append(h)
    polys.sort(key=lambda p: min(p[0]))
    return polys


def polys_to_lonlat(polys, verts_ll):
    return [[[list(verts_ll[v]) for v in ring] for ring in p] for p in polys]


def geometry_of(polys_ll):
    if len(polys_ll) == 1:
        return {"type": "Polygon", "coordinates": polys_ll[0]}
    return {"type": "MultiPolygon", "coordinates": polys_ll}


# ---------------------------------------------------------------- neighborhoods

def choose_seeds(rng, cells, centre_cell):
    cand = sorted(cells)
    rng.shuffle(cand)
    dmin = 12.0
    while True:
        seeds = [centre_cell]
        for c in cand:
            if all((c[0] - s[0]) ** 2 + (c[1] - s[1]) ** 2 >= dmin * dmin for s in seeds):
                seeds.append(c)
                if len(seeds) == NUM_NEIGHBORHOODS:
                    return seeds
        dmin -= 0.25


def grow_neighborhoods(cells, seeds, side):
    """Balanced multi-source growth; regions stay on their river bank."""
    owner = {s: k for k, s in enumerate(seeds)}
    size = [1] * len(seeds)
    members = [[s] for s in seeds]

    def frontier(k, cross):
        sx, sy = seeds[k]
        best = None
        for m in members[k]:
            for n in neighbours4(m):
                if n in cells and n not in owner and (cross or side[n] == side[m]):
                    key = ((n[0] - sx) ** 2 + (n[1] - sy) ** 2, n)
                    if best is None or key < best:
                        best = key
        return None if best is None else best[1]

    for cross in (False, True):
        while True:
            grown = False
            for k in sorted(range(len(seeds)), key=lambda k: (size[k], k)):
                n = frontier(k, cross)
                if n is not None:
                    owner[n] = k
                    size[k] += 1
                    members[k].append(n)
                    grown = True
                    break
            if not grown:
                break
    return owner


# ---------------------------------------------------------------- output

def fmt_feature_collection(name, features):
    lines = ['{"type":"FeatureCollection","name":' + json.dumps(name) + ',"features":[']
    for k, f in enumerate(features):
        sep = "," if k + 1 < len(features) else ""
        lines.append(json.dumps(f, ensure_ascii=False, separators=(",", ":")) + sep)
    lines.append("]}")
    return "\n".join(lines) + "\n"


def write_text(name, text):
    with open(os.path.join(OUT_DIR, name), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def write_csv(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    write_text(name, buf.getvalue())


def gauss_bump(x, y, cx, cy, sigma):
    return math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2.0 * sigma * sigma))


def count_moe(rng, est, n):
    """Plausible ACS-style 90% margin of error for a tract count."""
    if est == 0:
        return 13
    p = est / n if n > 0 else 0.0
    se = 4.0 * math.sqrt(est * (1.0 - p) + 1.0) * (0.85 + 0.35 * rng.random())
    return max(int(round(1.645 * se)), 8)


def main():
    rng = random.Random(SEED)

    verts = build_vertices(rng)
    cells = select_county_cells(rng, verts)
    verts_ll = {v: km_to_lonlat(*p) for v, p in verts.items()}
    centre = {c: cell_centre(verts, c) for c in cells}
    side = {c: ("east" if c[0] >= RIVER_COL else "west") for c in cells}

    # ---- neighborhoods
    west_cells = [c for c in cells if side[c] == "west"]
    centre_cell = min(west_cells, key=lambda c: (centre[c][0] + 2.5) ** 2 + centre[c][1] ** 2)
    seeds = choose_seeds(rng, cells, centre_cell)
    owner = grow_neighborhoods(cells, seeds, side)
    # ids 1..N ordered north to south, then west to east, by seed
    order = sorted(range(len(seeds)), key=lambda k: (-seeds[k][1], seeds[k][0]))
    nbhd_id_of_seed = {k: idx + 1 for idx, k in enumerate(order)}
    nbhd = {c: nbhd_id_of_seed[owner[c]] for c in cells}
    nbhd_cells = {}
    for c in sorted(cells):
        nbhd_cells.setdefault(nbhd[c], []).append(c)

    def nbhd_centroid(n):
        cs = nbhd_cells[n]
        return (sum(centre[c][0] for c in cs) / len(cs), sum(centre[c][1] for c in cs) / len(cs))

    def nbhd_side(n):
        cs = nbhd_cells[n]
        east = sum(1 for c in cs if side[c] == "east")
        return "east" if 2 * east >= len(cs) else "west"

    def adjacent_nbhds(n):
        out = set()
        for c in nbhd_cells[n]:
            for m in neighbours4(c):
                if m in nbhd and nbhd[m] != n:
                    out.add(nbhd[m])
        return out

    # Designed hubs (km coordinates): east-bank hub just east of the river.
    river_x_mid = verts[(RIVER_COL, NR // 2)][0]
    east_hub = (river_x_mid + 4.5, -2.0)
    hisp_hub = (river_x_mid - 7.0, -6.5)
    hisp_hub2 = (river_x_mid + 5.0, 9.0)

    def nearest_nbhd(pt, want_side):
        cands = [n for n in nbhd_cells if nbhd_side(n) == want_side]
        return min(cands, key=lambda n: (nbhd_centroid(n)[0] - pt[0]) ** 2
                   + (nbhd_centroid(n)[1] - pt[1]) ** 2)

    eastbank = nearest_nbhd(east_hub, "east")
    black_set = [eastbank]
    neigh = sorted((n for n in adjacent_nbhds(eastbank) if nbhd_side(n) == "east"),
                   key=lambda n: (nbhd_centroid(n)[0] - east_hub[0]) ** 2
                   + (nbhd_centroid(n)[1] - east_hub[1]) ** 2)
    black_set += neigh[:2]
    old_town = nbhd[centre_cell]
    mill_hill = nearest_nbhd(hisp_hub, "west")
    if mill_hill == old_town:
        mill_hill = sorted(adjacent_nbhds(old_town))[0]
    riverside_cands = [n for n in nbhd_cells if nbhd_side(n) == "east"
                       and n not in black_set]
    hisp2 = min(riverside_cands, key=lambda n: (nbhd_centroid(n)[0] - hisp_hub2[0]) ** 2
                + (nbhd_centroid(n)[1] - hisp_hub2[1]) ** 2)
    hisp_set = [mill_hill, hisp2]

    names = {}
    names[old_town] = "Old Town"
    names[eastbank] = "Eastbank"
    names[black_set[1]] = "Foundry District"
    names[black_set[2]] = "Brickyard"
    names[mill_hill] = "Mill Hill"
    names[hisp2] = "Riverside"
    # names with a compass hint go to the matching remaining neighborhood
    for label, key in (("Northgate", lambda n: -nbhd_centroid(n)[1]),
                       ("Southfield", lambda n: nbhd_centroid(n)[1]),
                       ("Westbrook", lambda n: nbhd_centroid(n)[0])):
        free = [n for n in sorted(nbhd_cells) if n not in names]
        names[min(free, key=key)] = label
    pool = [n for n in NEIGHBORHOOD_NAMES if n not in names.values()]
    for n in sorted(nbhd_cells):
        if n not in names:
            names[n] = pool.pop(0)

    # ---- tracts: order by neighborhood, then north to south, west to east
    tract_cells = sorted(cells, key=lambda c: (nbhd[c], -c[1], c[0]))
    split_at = {len(tract_cells) // 9, (len(tract_cells) * 5) // 9}
    tracts = []
    number = 0
    k = 0
    while k < len(tract_cells):
        c = tract_cells[k]
        number += 1
        if (k in split_at and k + 1 < len(tract_cells)
                and nbhd[tract_cells[k + 1]] == nbhd[c]):
            for sfx, cc in ((1, c), (2, tract_cells[k + 1])):
                tracts.append({"cell": cc, "code": "%06d" % (number * 100 + sfx),
                               "name": "Census Tract %d.%02d" % (number, sfx)})
            k += 2
        else:
            tracts.append({"cell": c, "code": "%06d" % (number * 100),
                           "name": "Census Tract %d" % number})
            k += 1

    tract_features = []
    for t in tracts:
        c = t["cell"]
        ring = [list(verts_ll[v]) for v in cell_corners(c)]
        ring.append(ring[0])
        t["aland"] = int(round(abs(ring_area_m2(ring))))
        t["geoid"] = COUNTY_GEOID + t["code"]
        tract_features.append({
            "type": "Feature",
            "properties": {"GEOID": t["geoid"], "NAME": t["name"], "nbhd_id": nbhd[c],
                           "ALAND": t["aland"]},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        })
    write_text("tracts.geojson", fmt_feature_collection(
        "Riverbend County tracts (synthetic demo data)", tract_features))

    nbhd_features = []
    for n in sorted(nbhd_cells):
        polys = polys_to_lonlat(union_rings(set(nbhd_cells[n])), verts_ll)
        nbhd_features.append({"type": "Feature",
                              "properties": {"nbhd_id": n, "name": names[n]},
                              "geometry": geometry_of(polys)})
    write_text("neighborhoods.geojson", fmt_feature_collection(
        "Riverbend County neighborhoods (synthetic demo data)", nbhd_features))

    county_polys = polys_to_lonlat(union_rings(cells), verts_ll)
    county_feature = {"type": "Feature",
                      "properties": {"GEOID": COUNTY_GEOID, "NAME": COUNTY_NAME},
                      "geometry": geometry_of(county_polys)}
    write_text("county.geojson", fmt_feature_collection(
        "Riverbend County outline (synthetic demo data)", [county_feature]))

    # River line: the vertex column it follows, extended a little beyond the county.
    river_rows = [j for j in range(NR + 1)
                  if any((RIVER_COL + di, j + dj) in cells
                         for di in (-1, 0) for dj in (-1, 0))]
    j0, j1 = max(min(river_rows) - 1, 0), min(max(river_rows) + 1, NR)
    river_coords = [list(verts_ll[(RIVER_COL, j)]) for j in range(j0, j1 + 1)]
    write_text("river.geojson", fmt_feature_collection(
        "Riverbend County river (synthetic demo data)",
        [{"type": "Feature", "properties": {"name": "Bend River"},
          "geometry": {"type": "LineString", "coordinates": river_coords}}]))

    # ---- ACS-style tract table
    def nearest_cell(pt, pred):
        cs = [t["cell"] for t in tracts if pred(t["cell"])]
        return min(cs, key=lambda c: ((centre[c][0] - pt[0]) ** 2 + (centre[c][1] - pt[1]) ** 2, c))

    airport = nearest_cell((-13.0, -9.5), lambda c: True)
    park = nearest_cell((river_x_mid - 1.0, 3.5), lambda c: side[c] == "west")
    railyard = nearest_cell((river_x_mid + 1.0, -6.0), lambda c: side[c] == "east")
    nonres = {airport: "airport", park: "park", railyard: "rail yard"}

    cx0, cy0 = centre[centre_cell]
    black_hub = nbhd_centroid(eastbank)
    acs_rows = []
    residential = []
    for t in tracts:
        c = t["cell"]
        x, y = centre[c]
        r_centre = math.hypot(x - cx0, y - cy0)
        # poverty rate field: Gaussian bumps plus noise
        pov = (0.045
               + 0.40 * gauss_bump(x, y, east_hub[0], east_hub[1], 4.2)
               + 0.14 * gauss_bump(x, y, hisp_hub[0], hisp_hub[1], 3.2)
               + 0.10 * gauss_bump(x, y, cx0, cy0, 2.5)
               + 0.08 * gauss_bump(x, y, hisp_hub2[0], hisp_hub2[1], 3.0)
               + rng.gauss(0.0, 0.025))
        pov = min(max(pov, 0.015), 0.58)
        # race/ethnicity weights
        # the river acts as a barrier: the Black-majority cluster stays on the east bank
        w_black = (0.025 + 0.95 * gauss_bump(x, y, black_hub[0], black_hub[1], 3.6)
                   * (1.0 if side[c] == "east" else 0.3)
                   + (0.45 if nbhd[c] in black_set else 0.0))
        w_hisp = (0.04 + 0.55 * gauss_bump(x, y, hisp_hub[0], hisp_hub[1], 3.4)
                  + 0.35 * gauss_bump(x, y, hisp_hub2[0], hisp_hub2[1], 2.8)
                  + (0.20 if nbhd[c] in hisp_set else 0.0))
        w_asian = 0.025 + 0.09 * gauss_bump(x, y, cx0 - 3.0, cy0 + 3.0, 4.0)
        w_other = 0.035
        w_white = 0.12 + 0.85 * min(1.0, r_centre / 14.0)
        weights = [w * math.exp(rng.gauss(0.0, 0.18))
                   for w in (w_white, w_black, w_hisp, w_asian, w_other)]

        if c in nonres:
            pop = 0
            groups = [0, 0, 0, 0, 0]
            pov_univ = 0
            pov_below = 0
        else:
            pop = int(round(rng.triangular(1500, 7000, 3600)))
            groups = allocate(pop, weights)
            pov_univ = pop - int(round(pop * (0.005 + 0.035 * rng.random())))
            pov_below = int(round(pov_univ * pov))
        if pop == 0:
            pop_moe = 13
        else:
            pop_moe = int(round(pop * (0.05 + 0.07 * rng.random()) + 40 + 80 * rng.random()))
        group_moes = [count_moe(rng, g, pop) for g in groups]
        pov_univ_moe = (13 if pov_univ == 0
                        else int(round(pov_univ * (0.05 + 0.07 * rng.random()) + 40 + 80 * rng.random())))
        pov_below_moe = count_moe(rng, pov_below, pov_univ)
        income = int(round(71000.0 * math.exp(-3.1 * (pov - 0.12) + rng.gauss(0.0, 0.07))))
        income_moe = int(round(income * (0.05 + 9.0 / math.sqrt(max(pop, 1)))
                               * (0.8 + 0.5 * rng.random())))
        row = {"geoid": t["geoid"], "name": t["name"], "pop": pop, "pop_moe": pop_moe,
               "groups": groups, "group_moes": group_moes,
               "pov_univ": pov_univ, "pov_univ_moe": pov_univ_moe,
               "pov_below": pov_below, "pov_below_moe": pov_below_moe,
               "income": income, "income_moe": income_moe}
        if pop == 0:
            row["income"] = None
        else:
            residential.append(row)
        acs_rows.append(row)
    # a few residential tracts with suppressed median income (smallest populations)
    for row in sorted(residential, key=lambda r: (r["pop"], r["geoid"]))[:3]:
        row["income"] = None

    header = ["GEO_ID", "NAME", "total_pop", "total_pop_moe",
              "white_nh", "white_nh_moe", "black_nh", "black_nh_moe",
              "hispanic", "hispanic_moe", "asian_nh", "asian_nh_moe",
              "other_nh", "other_nh_moe", "pov_universe", "pov_universe_moe",
              "pov_below", "pov_below_moe", "median_hh_income", "median_hh_income_moe"]
    place = "; %s; %s" % (COUNTY_NAME, STATE_NAME)
    out_rows = []
    for r in acs_rows:
        vals = ["1400000US" + r["geoid"], r["name"] + place, r["pop"], r["pop_moe"]]
        for g, m in zip(r["groups"], r["group_moes"]):
            vals += [g, m]
        vals += [r["pov_univ"], r["pov_univ_moe"], r["pov_below"], r["pov_below_moe"]]
        if r["income"] is None:
            vals += ["NA", "NA"]
        else:
            vals += [r["income"], r["income_moe"]]
        out_rows.append(vals)
    # One row that matches no tract polygon (a tract code from a later vintage).
    extra_num = number + 12
    extra_geoid = COUNTY_GEOID + "%06d" % (extra_num * 100 + 1)
    extra_pop = 2870
    extra_groups = allocate(extra_pop, [0.55, 0.08, 0.30, 0.04, 0.03])
    vals = ["1400000US" + extra_geoid,
            "Census Tract %d.01" % extra_num + place, extra_pop, 391]
    for g in extra_groups:
        vals += [g, count_moe(rng, g, extra_pop)]
    extra_univ = 2841
    extra_below = 412
    vals += [extra_univ, 388, extra_below, count_moe(rng, extra_below, extra_univ), 58210, 11460]
    out_rows.append(vals)
    write_csv("tract_acs.csv", header, out_rows)

    # ---- Mobility Metrics, county level, long format
    write_mobility_metrics(rng)

    # ---- community notes
    write_notes(tracts, centre, verts_ll, nbhd, names, eastbank, old_town, mill_hill,
                hisp2, airport, park)

    # summary for the README / a quick look
    print("cells/tracts:", len(tracts), "neighborhoods:", len(nbhd_cells))
    print("tract codes: %s .. %s; unmatched ACS row: %s" % (
        tracts[0]["geoid"], tracts[-1]["geoid"], extra_geoid))
    print("split tracts:", [t["name"] for t in tracts if "." in t["name"]])
    for n in sorted(nbhd_cells):
        tags = []
        if n in black_set:
            tags.append("Black-majority cluster")
        if n in hisp_set:
            tags.append("Hispanic cluster")
        print("  %2d %-18s %-4s %2d tracts %s" % (n, names[n], nbhd_side(n),
                                                 len(nbhd_cells[n]), ", ".join(tags)))
    by_cell = {t["cell"]: t for t in tracts}
    for c, what in sorted(nonres.items(), key=lambda kv: kv[1]):
        print("non-residential:", what, by_cell[c]["geoid"], names[nbhd[c]])
    print("NA income (small pop):", [r["geoid"] for r in acs_rows
                                     if r["income"] is None and r["pop"] > 0])
    print("total pop:", sum(r["pop"] for r in acs_rows))


# ---------------------------------------------------------------- mobility metrics

MM_YEARS = [2014, 2016, 2018, 2021, 2023]
MM_SUBGROUPS = [("all", "All"), ("race-ethnicity", "Black, Non-Hispanic"),
                ("race-ethnicity", "Hispanic"),
                ("race-ethnicity", "Other Races and Ethnicities"),
                ("race-ethnicity", "White, Non-Hispanic")]


def write_mobility_metrics(rng):
    header = ["year", "state", "county", "subgroup_type", "subgroup"]
    metrics = [  # name, has confidence interval
        ("pctl_income_20", True), ("pctl_income_50", True), ("share_employed", True),
        ("share_poverty_exposure", False), ("share_hs_degree", True),
        ("share_in_preschool", True), ("index_air_hazard", False),
        ("share_election_turnout", False), ("rate_juv_arrest", False)]
    for name, ci in metrics:
        header.append(name)
        if ci:
            header += [name + "_lb", name + "_ub"]
        header.append(name + "_quality")

    # base values (2014) per subgroup: All, Black, Hispanic, Other, White
    base = {
        "pctl_income_20": [23800.0, 13900.0, 18600.0, 21500.0, 29400.0],
        "pctl_income_50": [57200.0, 33100.0, 43800.0, 54200.0, 69800.0],
        "share_employed": [0.768, 0.672, 0.741, 0.752, 0.808],
        "share_poverty_exposure": [0.094, 0.312, 0.131, 0.058, 0.021],
        "share_hs_degree": [0.874, 0.792, 0.818, 0.861, 0.917],
        "share_in_preschool": [0.476, 0.418, 0.372, 0.497, 0.521],
        "index_air_hazard": [41.0, 28.0, 33.0, 44.0, 52.0],
        "rate_juv_arrest": [1180.0, 2950.0, 1320.0, 610.0, 540.0],
    }
    # relative half-width of the 95% interval, per subgroup
    rel_ci = [0.03, 0.075, 0.085, 0.16, 0.035]
    # yearly multiplicative/additive trends
    income_growth = {2014: 1.0, 2016: 1.06, 2018: 1.13, 2021: 1.22, 2023: 1.36}
    employ_shift = {2014: 0.0, 2016: 0.012, 2018: 0.024, 2021: -0.006, 2023: 0.018}
    exposure_shift = {2014: 1.0, 2016: 0.95, 2018: 0.88, 2021: 0.86, 2023: 0.83}
    hs_shift = {2014: 0.0, 2016: 0.006, 2018: 0.013, 2021: 0.022, 2023: 0.027}
    pre_shift = {2014: 0.0, 2016: 0.008, 2018: 0.015, 2021: -0.035, 2023: -0.018}
    air_shift = {2014: 0.0, 2016: 1.0, 2018: 2.0, 2021: 3.0, 2023: 4.0}
    juv_shift = {2014: None, 2016: None, 2018: None, 2021: 1.0, 2023: 1.18}
    turnout = {2016: 0.634, 2018: 0.487}

    def q_for(sg, rel):
        if sg == 0:
            return 1
        if sg == 3:
            return 3 if rel > 0.12 else 2
        return 2 if rel > 0.06 else 1

    rows = []
    for year in MM_YEARS:
        for sg, (stype, sname) in enumerate(MM_SUBGROUPS):
            row = [year, "99", "001", stype, sname]

            def add_ci(value, rel, quality, money):
                if value is None:
                    row.extend(["NA", "NA", "NA", "NA"])
                    return
                half = value * rel * (0.85 + 0.3 * rng.random())
                lb, ub = value - half * (0.9 + 0.2 * rng.random()), value + half
                if money:
                    row.extend(["%.2f" % value, "%.2f" % lb, "%.2f" % ub, quality])
                else:
                    row.extend(["%.6f" % value, "%.6f" % min(max(lb, 0.0), 1.0),
                                "%.6f" % min(max(ub, 0.0), 1.0), quality])

            noise = lambda s: 1.0 + rng.gauss(0.0, s)
            rel = rel_ci[sg]
            for metric in ("pctl_income_20", "pctl_income_50"):
                v = base[metric][sg] * income_growth[year] * noise(0.015)
                add_ci(v, rel, q_for(sg, rel), True)
            v = min(base["share_employed"][sg] + employ_shift[year] + rng.gauss(0, 0.004), 0.99)
            add_ci(v, rel * 0.5, q_for(sg, rel), False)
            v = base["share_poverty_exposure"][sg] * exposure_shift[year] * noise(0.03)
            row.extend(["%.6f" % v, 1 if sg in (0, 1, 4) else 2])
            if sg == 3 and year == 2014:
                add_ci(None, 0, 0, False)
            else:
                v = min(base["share_hs_degree"][sg] + hs_shift[year] + rng.gauss(0, 0.005), 0.99)
                add_ci(v, rel * 0.6, q_for(sg, rel * 1.3), False)
            if sg == 3 and year in (2014, 2021):
                add_ci(None, 0, 0, False)
            else:
                v = base["share_in_preschool"][sg] + pre_shift[year] + rng.gauss(0, 0.01)
                add_ci(v, rel * 1.8, q_for(sg, rel * 1.8), False)
            if year in (2021, 2023):
                row.extend(["NA", "NA"])  # not yet published for these years
            else:
                v = base["index_air_hazard"][sg] + air_shift[year] + rng.gauss(0, 1.0)
                row.extend([int(round(v)), 1])
            if sg == 0 and year in turnout:
                row.extend(["%.6f" % (turnout[year] * noise(0.005)), 1])
            else:
                row.extend(["NA", "NA"])
            if juv_shift[year] is None or sg == 3:
                row.extend(["NA", "NA"])
            else:
                v = base["rate_juv_arrest"][sg] * juv_shift[year] * noise(0.04)
                row.extend(["%.4f" % v, 3 if sg == 2 else 2])
            rows.append(row)
    write_csv("mobility_metrics_county.csv", header, rows)


# ---------------------------------------------------------------- notes

def write_notes(tracts, centre, verts_ll, nbhd, names, eastbank, old_town, mill_hill,
                riverside, airport, park):
    def point_in(cell):
        pts = [verts_ll[v] for v in cell_corners(cell)]
        return [round(sum(p[0] for p in pts) / 4.0, 6), round(sum(p[1] for p in pts) / 4.0, 6)]

    def first_cell(n, pos=0):
        cs = [t["cell"] for t in tracts if nbhd[t["cell"]] == n]
        return cs[pos % len(cs)]

    outer = max((t["cell"] for t in tracts),
                key=lambda c: (centre[c][0] ** 2 + centre[c][1] ** 2, c))

    notes = [
        {"cell": first_cell(eastbank, 2),
         "title": "Bus cuts on the east side",
         "text": ("Since the number 6 bus went to hourly, I lose two hours a day getting to "
                  "the warehouse. My shift starts at six and the first bus gets me there at "
                  "six-twenty.\n\nPeople here want to work. We just can't get there on time, "
                  "and after three late days you're let go."),
         "tags": "Rewarding Work, Opportunity-Rich & Inclusive Neighborhoods, transit",
         "source_type": "community meeting", "source_name": "Eastbank library listening session",
         "date_heard": "2025-03-12", "author": "M. Okafor", "consent": "public"},
        {"cell": first_cell(mill_hill, 1),
         "title": "Clinic hours",
         "text": ("Mrs. Peña said, \"The clinic closes at 4:30, and I don't get off until 5.\" "
                  "She's tried the urgent care, but it's \"too far, and the bus doesn't go there.\""),
         "tags": "Healthy Environment & Access to Good Health Care, transit",
         "source_type": "interview", "source_name": "Mill Hill resident interviews",
         "date_heard": "2025-04-02", "author": "J. Alvarez", "consent": "public"},
        {"cell": first_cell(old_town, 0),
         "title": "Rent increases downtown",
         "text": ("Several tenants in older buildings reported rent increases of 15 to 20 "
                  "percent at renewal. Two households said they are moving in with relatives."),
         "tags": "Opportunity-Rich & Inclusive Neighborhoods, housing",
         "source_type": "focus group", "source_name": "Old Town tenants focus group",
         "date_heard": "2025-02-20", "author": "R. Lindqvist", "consent": "internal"},
        {"cell": first_cell(riverside, 0),
         "title": "After-school programs full",
         "text": ("The rec center program has a waiting list of about 40 kids. Parents said "
                  "they would pay a small fee if it meant more slots."),
         "tags": "High-Quality Education, youth",
         "source_type": "survey", "source_name": "Riverside parent survey (spring)",
         "date_heard": "2025-05-08", "author": "T. Nguyen", "consent": "public"},
        {"cell": park,
         "title": "Flooding near the river path",
         "text": ("Standing water on the river path after every heavy rain; the low crossing "
                  "by the park entrance is closed about one week a month in spring."),
         "tags": "Healthy Environment & Access to Good Health Care, infrastructure",
         "source_type": "site visit", "source_name": "Riverfront walk with public works staff",
         "date_heard": "2025-04-17", "author": "D. Mercer", "consent": "public"},
        {"cell": first_cell(eastbank, 5),
         "title": "Voting location moved",
         "text": ("The polling place moved from the school to the township hall across the "
                  "river. Residents without cars said it was hard to reach on election day."),
         "tags": "Responsive & Just Governance",
         "source_type": "document", "source_name": "County election board notice, 2024",
         "date_heard": "2024-11-14", "author": "M. Okafor", "consent": "internal"},
        {"cell": airport,
         "title": "Airport jobs and shift times",
         "text": ("Employers at the airport say they can't fill overnight positions; the "
                  "nearest bus stop is 2 km away and service ends at 10 pm."),
         "tags": "Rewarding Work, transit",
         "source_type": "interview", "source_name": "Employer interviews",
         "date_heard": "2025-01-29", "author": "J. Alvarez", "consent": "public"},
        {"cell": outer,
         "title": "Broadband at the county edge",
         "text": ("Families on the outer roads said students do homework in the library "
                  "parking lot because home internet is too slow or too expensive."),
         "tags": "High-Quality Education, broadband",
         "source_type": "community meeting", "source_name": "Township board open forum",
         "date_heard": "2025-03-03", "author": "T. Nguyen", "consent": "public"},
    ]
    features = []
    for note in notes:
        props = {k: note[k] for k in ("title", "text", "tags", "source_type", "source_name",
                                      "date_heard", "author", "consent")}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point", "coordinates": point_in(note["cell"])}})
    write_text("notes.geojson", fmt_feature_collection(
        "Riverbend County community notes (synthetic demo data)", features))


if __name__ == "__main__":
    main()
