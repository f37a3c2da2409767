#!/usr/bin/env bash
# The libFuzzer targets of Tests/Fuzz (docs/security.md). Each is built with swiftc
# -sanitize=fuzzer,address from the sources it tests (Sources/Model, plus the CSV reading files of
# Store for `csv`) and its entry files Tests/Fuzz/TARGET/*.swift, into .build-fuzz/; then it runs for
# FUZZ_SECONDS (default 60) starting from its corpus Tests/Fuzz/TARGET/corpus. New inputs go to
# .build-fuzz/corpus/TARGET (the committed corpus is only read); a crash, a hang (an input taking
# over 10 s), a sanitizer report or a failed check stops the run, writes the input to
# .build-fuzz/artifacts/ and makes this script exit non-zero.
#
#   scripts/fuzz.sh                     every target, 60 s each (make fuzz)
#   FUZZ_SECONDS=5 scripts/fuzz.sh      the CI smoke pass
#   scripts/fuzz.sh json cron           some targets
#   FUZZ_SEED=1 scripts/fuzz.sh         libFuzzer's random seed fixed (CI), so a run is repeatable
#
# A failure is reported on standard output as well as in the log (CI logs may keep only that):
# the end of libFuzzer's report and the failing input, base64-encoded.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-60}
SEED_FLAG=()
[ -z "${FUZZ_SEED:-}" ] || SEED_FLAG=(-seed="$FUZZ_SEED")
OUT=.build-fuzz
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(json event-decoder csv read-parameters dashboard saved-report cron)

# The package's Swift settings (Package.swift), an optimised build with the fuzzer's coverage
# and AddressSanitizer, without a main (libFuzzer's is used).
SWIFTC=${SWIFTC:-swiftc}
FLAGS=(-swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
    -enable-upcoming-feature InternalImportsByDefault -sanitize=fuzzer,address -parse-as-library -O -g)

mkdir -p "$OUT/model" "$OUT/artifacts"

# Model, once, as a module with its internals visible to the targets (@testable import).
model_sources=$(find Sources/Model -name '*.swift' | sort)
if [ ! -f "$OUT/model/Model.o" ] || [ -n "$(find Sources/Model -name '*.swift' -newer "$OUT/model/Model.o")" ]; then
    echo "fuzz: building Model"
    # shellcheck disable=SC2086
    $SWIFTC "${FLAGS[@]}" -enable-testing -wmo -module-name Model -c $model_sources \
        -emit-module -emit-module-path "$OUT/model/Model.swiftmodule" -o "$OUT/model/Model.o"
fi

# Source files each target needs besides Model and its own folder.
extra_sources() {
    case "$1" in
        json|event-decoder) echo Tests/ModelTests/JSONTree.swift Tests/ModelTests/JSONDifferential.swift ;;
        csv) echo Sources/Store/Import/LineReader.swift Sources/Store/Import/CSVRecordReader.swift Sources/Store/Import/CSVColumns.swift ;;
        saved-report) echo Tests/Fuzz/dashboard/SlugCheck.swift ;;
    esac
}

failed=()
for target in "${TARGETS[@]}"; do
    dir=Tests/Fuzz/$target
    [ -d "$dir" ] || { echo "fuzz: no target $target (Tests/Fuzz/*)" >&2; exit 2; }
    binary=$OUT/fuzz-$target
    echo "fuzz: building $target"
    # The linker's warnings about AddressSanitizer's local symbols are noise: shown on failure only.
    # shellcheck disable=SC2046
    if ! $SWIFTC "${FLAGS[@]}" -module-name "Fuzz_${target//-/_}" -I "$OUT/model" \
        "$dir"/*.swift $(extra_sources "$target") "$OUT/model/Model.o" -o "$binary" >"$OUT/$target-build.log" 2>&1; then
        cat "$OUT/$target-build.log" >&2
        exit 2
    fi
    mkdir -p "$OUT/corpus/$target"
    echo "fuzz: running $target for ${SECONDS_EACH}s"
    touch "$OUT/$target.started"
    if ! SWIFT_BACKTRACE=enable=no "$binary" "$OUT/corpus/$target" "$dir/corpus" -max_total_time="$SECONDS_EACH" -timeout=10 \
        -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$target-" \
        "${SEED_FLAG[@]}" >"$OUT/$target.log" 2>&1; then
        echo "fuzz: $target FAILED; the report's end (full log: $OUT/$target.log):"
        grep -m1 '^INFO: Seed:' "$OUT/$target.log" || true
        tail -40 "$OUT/$target.log"
        for input in $(find "$OUT/artifacts" -name "$target-*" -newer "$OUT/$target.started"); do
            echo "fuzz: input $input ($(wc -c < "$input") bytes), base64 (decode with base64 -d):"
            head -c 4096 "$input" | base64 -w 100
        done
        failed+=("$target")
    else
        grep -E '^stat::number_of_executed_units|^Done' "$OUT/$target.log" | tr '\n' ' '
        echo
    fi
done

echo "fuzz: $(( ${#TARGETS[@]} - ${#failed[@]} )) passed, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]} (inputs in $OUT/artifacts/)" >&2
    exit 1
fi
