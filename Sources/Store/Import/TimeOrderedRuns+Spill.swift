internal import Model
internal import Foundation

extension TimeOrderedRuns {
    /// Writes the run, sorted, to the sort file (made with the first run spilled).
    mutating func spillRun() throws(StoreError) {
        run.sort()
        let spill: RunSpill
        if let existing = self.spill {
            spill = existing
        } else {
            spill = try RunSpill(directory: URL(fileURLWithPath: store.path).deletingLastPathComponent().path)
            self.spill = spill
        }
        try spill.append(run)
        runsSpilled += 1
        run.removeAll()
    }

    /// Stores the spilled runs merged, a slice per transaction. A thread of its own reads and
    /// merges them while this one inserts, at most a few slices ahead; event records go from the
    /// file to SQLite's bindings without being decoded into events (``SpillSlice``), and lines
    /// kept undecoded are decoded there, on the merge thread (``SortedLines``).
    mutating func storeMerged(_ spill: RunSpill) throws(StoreError) {
        let slices = BatchQueue<SpillSlice, Void>(capacity: 4)
        let sliceSize = sliceSize
        let lines = lines
        NamedThread.start("espice-merge") {
            do {
                try spill.mergeSlices(sliceSize: sliceSize, reuse: { slices.reuse() }, lines: lines) { slices.put($0) }
                slices.finish(())
            } catch {
                slices.finish((), error: error)
            }
        }
        do {
            while let slice = try slices.take() {
                try commit(slice, from: spill)
                lastTime = max(lastTime, slice.lastTime)
                slices.recycle(slice)
            }
            slices.waitForOutcome()
        } catch {
            slices.cancel()
            slices.waitForOutcome()
            throw error as? StoreError ?? .failed(path: store.path, reason: "\(error)")
        }
    }
}
