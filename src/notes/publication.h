#pragma once
// What an output may show of a note: the consent gate applied to a whole note, location privacy included. Every
// output (figures, the atlas, `notes export`, the viewer's export, the presentation) takes its notes through
// noteFor, so a change of consent level or location mode reaches all of them.
//
// Usage:
//   for (const Note& n : store->list())
//     if (std::optional<Note> shown = noteFor(n, Audience::Public)) draw(*shown);  // never an exact point it may not show
//
// Jitter: the displacement is fixed by the note's locationSeed (16 random hex digits the store draws once, when
// the note is first jittered), not by its id, so nobody who knows the method and an exported id can undo it; the
// distance is drawn so that displaced points are spread evenly over the ring between the minimum and maximum.
#include <optional>
#include <string>

#include "core/geometry.h"
#include "notes/note.h"

namespace mobmap::notes {

// Why noteFor withholds a note from an audience, or "" when it does not.
std::string withheldReason(const Note& note, Audience audience);

// `note` as `audience` may see it, or nullopt when the gate withholds it (withheldReason says why). For the
// public: the geometry is the note's protected location (a generalised note's area, a jittered note's displaced
// point or area), never the recorded one unless the note is exact; a non-exact note without a protected location
// (a generalised note never given its area, a jittered note without a seed) is withheld; the speaker is kept only
// for public-attributed notes; the seed, the protected-location column and the import key are cleared. Staff and
// coalition members see the note as recorded.
std::optional<Note> noteFor(const Note& note, Audience audience);

// `wkt` (lon/lat) with every coordinate moved by one offset, `minM` to `maxM` metres long in a direction, both
// fixed by `seed` (hex digits). Throws mobmap::Error when the seed is not hex or the WKT has no coordinates.
std::string jitteredWkt(const std::string& wkt, double minM, double maxM, const std::string& seed);

// A new random location seed: 16 hex digits from the system's random source.
std::string newLocationSeed();

// Where a note's marker goes, lon/lat: the point of a point note, a point inside an area note (GDAL's point on
// surface, so a concave area's marker is still inside it); nullopt when the WKT is not a location.
std::optional<Point> labelPoint(const std::string& wkt);

// The line that credits a note in a callout: the speaker (only when the note may be attributed), the source (its
// name, else its type) and the date heard written out ("March 12, 2025"), joined by ", ". Give it what noteFor
// returned, so the gate decides whether a name appears.
std::string creditLine(const Note& note);

// Great-circle distance in metres between two lon/lat points (spherical Earth, radius 6371008.8 m).
double distanceMetres(Point a, Point b);

}  // namespace mobmap::notes
