// The Notes panel's list filter: the pillar picker keeps notes tagged with the pillar or with a theme the
// project's codebook ties to it, as `notes list --pillar` does (notes/codebook.h). Pillar names are Urban's five
// (notes::pillarNames, in its order); the codebook is written here.
#include <catch2/catch.hpp>

#include <algorithm>

#include "ui/notes_state.h"

using namespace mobmap;

TEST_CASE("the Notes panel's pillar filter follows the codebook", "[ui][notes]") {
  const std::vector<std::string>& pillars = notes::pillarNames();
  const auto index = [&](const std::string& name) {
    return static_cast<int>(std::find(pillars.begin(), pillars.end(), name) - pillars.begin()) + 1;
  };
  ui::NotesState s;
  s.codebook = {{"transit", "Opportunity-Rich & Inclusive Neighborhoods", "Transportation access", ""}};
  notes::Note bus, job, plain;
  bus.tags = {"transit"};
  job.tags = {"Rewarding Work"};
  plain.tags = {"parks"};
  CHECK(ui::notePassesFilter(s, bus));  // no pillar picked: every note
  s.filterPillar = index("Opportunity-Rich & Inclusive Neighborhoods");
  REQUIRE(s.filterPillar <= static_cast<int>(pillars.size()));
  CHECK(ui::notePassesFilter(s, bus));         // through the codebook
  CHECK_FALSE(ui::notePassesFilter(s, job));
  CHECK_FALSE(ui::notePassesFilter(s, plain));
  s.filterPillar = index("Rewarding Work");
  CHECK(ui::notePassesFilter(s, job));         // tagged with the pillar itself
  CHECK_FALSE(ui::notePassesFilter(s, bus));
  s.codebook.clear();
  s.filterPillar = index("Opportunity-Rich & Inclusive Neighborhoods");
  CHECK_FALSE(ui::notePassesFilter(s, bus));   // without the codebook "transit" speaks to no pillar
}

TEST_CASE("a view lists the notes of its metric's predictor, then its pillar, then the rest", "[ui][notes]") {
  // The codebook ties "transit" to the Transportation access predictor of Opportunity-Rich & Inclusive
  // Neighborhoods; "housing" to the same pillar's Housing affordability predictor.
  ui::NotesState s;
  s.codebook = {{"transit", "Opportunity-Rich & Inclusive Neighborhoods", "Transportation access", ""},
                {"housing", "Opportunity-Rich & Inclusive Neighborhoods", "Housing affordability", ""}};
  notes::Note parks, rent, bus, jobs;
  parks.tags = {"parks"};
  rent.tags = {"housing"};
  bus.tags = {"transit"};
  jobs.tags = {"Rewarding Work"};
  s.all = {parks, rent, bus, jobs};
  std::vector<int> ranks;
  const auto order = ui::notesInViewOrder(s, "Opportunity-Rich & Inclusive Neighborhoods", "Transportation access", &ranks);
  CHECK(order == std::vector<std::size_t>{2, 1, 0, 3});  // bus (predictor), rent (pillar), then store order
  CHECK(ranks == std::vector<int>{0, 1, 2, 2});
  // A local indicator (no pillar): store order.
  CHECK(ui::notesInViewOrder(s, "", "") == std::vector<std::size_t>{0, 1, 2, 3});
}
