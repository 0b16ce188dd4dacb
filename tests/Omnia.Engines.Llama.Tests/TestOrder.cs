// The engine tests read the decode loop's own counters, and each class loads models that compete for the same two
// cores; run the classes one after another so one class's load cannot reshape another's batches.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
