* Load an eventcode dataset (written with --format dta) in Stata 14 or later.
cd "output"

use events, clear
describe
label list quad_class geo_precision
tabulate cameo_root quad_class
format event_date %tdCCYY-NN-DD

* Each mention with its event:
use mentions, clear
merge m:1 event_id using events, keep(master match) nogenerate

* Documents, with their coding status:
use documents, clear
tabulate status
