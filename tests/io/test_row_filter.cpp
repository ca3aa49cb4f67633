// --where filtering through GDAL's attribute-filter syntax; expected rows picked by hand from the table.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/table_typing.h"
#include "io/row_filter.h"

using namespace mobmap;

TEST_CASE("selectRows applies OGR SQL on typed columns") {
  AttributeTable t;
  t.addColumn(typeColumn("year", {"2021", "2023", "2023", "2023"}));
  t.addColumn(typeColumn("subgroup", {"All", "All", "Black, Non-Hispanic", "NA"}));
  t.addColumn(typeColumn("county", {"001", "001", "001", "003"}));
  CHECK(io::selectRows(t, "year = 2023 AND subgroup = 'All'", "m.csv") == std::vector<bool>{false, true, false, false});
  CHECK(io::selectRows(t, "subgroup IS NULL", "m.csv") == std::vector<bool>{false, false, false, true});
  CHECK(io::selectRows(t, "county = '003'", "m.csv") == std::vector<bool>{false, false, false, true});
}

TEST_CASE("a bad expression names the file and the expression") {
  AttributeTable t;
  t.addColumn(typeColumn("year", {"2021"}));
  try {
    io::selectRows(t, "year = = 2023", "m.csv");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).starts_with("m.csv: bad --where expression \"year = = 2023\""));
  }
  CHECK_THROWS_AS(io::selectRows(t, "no_such_field = 1", "m.csv"), Error);
}
