using CsCheck;
using Omnia.Engines.Llama.Caching;

namespace Omnia.Engines.Llama.Tests.Caching;

public sealed class SlotTableTests
{
    private const int Parallel = 4;
    private readonly FakeKvStreams _streams = new(Parallel + 1);
    private readonly SlotTable _table;
    private int _copies;

    // A small-tail bound of 2 units keeps these conversations short: a tail of 3 or more is worth a copy.
    public SlotTableTests() => _table = new SlotTable(Parallel, _streams, () => _copies++, smallTail: 2);

    private static List<PromptUnit> Tokens(params int[] ids) => [.. ids.Select(PromptUnit.Token)];

    private static List<PromptUnit> Conversation(int id, int length) => [.. Enumerable.Range(0, length).Select(i => PromptUnit.Token(id * 1000 + i))];

    /// <summary>Runs one request to its end: takes a slot, decodes the rest of the prompt and an answer, leaves.</summary>
    private (KvSlot Slot, int Kept) Serve(List<PromptUnit> prompt, string? owner = null, bool reuse = true, int answer = 3)
    {
        var tenant = new FakeTenant();
        var (slot, kept) = _table.Take(tenant, prompt, reuse, owner);
        _streams.Decode(slot, prompt.Skip(kept).Concat(Tokens([.. Enumerable.Range(900_000, answer)])));
        _table.Leave(slot, keep: reuse);
        return (slot, kept);
    }

    private (KvSlot Slot, int Kept) Serve(SlotTable table, List<PromptUnit> prompt, string? owner = null)
    {
        var (slot, kept) = table.Take(new FakeTenant(), prompt, reuse: true, owner);
        _streams.Decode(slot, prompt.Skip(kept));
        table.Leave(slot, keep: true);
        return (slot, kept);
    }

    private void AssertTagsMatchCells(SlotTable? table = null)
    {
        foreach (var slot in (table ?? _table).Slots)
        {
            var cells = _streams.Cells(slot.Id);
            Assert.Equal(cells.Count, slot.Content.Count);
            Assert.Equal(cells.Count, slot.Content.CommonPrefix([.. cells]));
            Assert.Equal(cells.Sum(c => c.Positions), slot.Content.Positions);
            Assert.True(_streams.IsContiguous(slot.Id), $"slot {slot.Id}'s cells are not contiguous from 0");
        }
        Assert.Empty(_streams.Cells(Parallel));
    }

    [Fact]
    public void A_turn_reuses_the_previous_turns_cells_and_decodes_only_what_is_new()
    {
        var turn1 = Conversation(1, 20);
        var (first, _) = Serve(turn1);
        var turn2 = turn1.Concat(Tokens(900_000, 900_001, 900_002, 7, 8, 9)).ToList();

        var (second, kept) = Serve(turn2);

        Assert.Same(first, second);
        Assert.Equal(23, kept); // the first turn's prompt and its answer
        AssertTagsMatchCells();
    }

    [Fact]
    public void The_same_prompt_again_decodes_its_last_token_for_the_logits()
    {
        var prompt = Conversation(1, 10);
        Serve(prompt, answer: 0);

        var (_, kept) = Serve(prompt);

        Assert.Equal(9, kept);
        AssertTagsMatchCells();
    }

    [Fact]
    public void The_longest_common_prefix_wins_and_ties_go_to_the_least_recently_used()
    {
        var system = Conversation(5, 10);
        var (a, _) = Serve([.. system, .. Tokens(1, 2)]);
        var (b, _) = Serve([.. system, .. Tokens(3, 4)]);
        Assert.NotSame(a, b);

        // b's answer is not in this prompt: b is copied into an empty slot rather than cut.
        var (longest, kept) = Serve([.. system, .. Tokens(3, 4, 5)]);
        Assert.Equal(12, kept);
        Assert.Contains($"copy {b.Id}->{longest.Id}", _streams.Operations);
        Assert.Equal(15, b.Content.Count);

        // Both share only the system prompt: the older one is the source, copied into a free slot rather than cut.
        var (tie, tieKept) = Serve([.. system, .. Tokens(6)]);
        Assert.Equal(10, tieKept);
        Assert.Contains($"copy {a.Id}->{tie.Id}", _streams.Operations);
        Assert.Equal(15, a.Content.Count);
        AssertTagsMatchCells();
    }

    [Fact]
    public void Two_interleaved_conversations_with_one_system_prompt_keep_their_caches_in_two_slots()
    {
        // Found by bench conversation: with two slots, an older and longer conversation with the same system prompt
        // was kept while the two live ones cut each other's slot every turn.
        var streams = new FakeKvStreams(3);
        var table = new SlotTable(2, streams, () => { }, smallTail: 2);
        var system = Conversation(9, 20);
        (KvSlot Slot, int Kept) Turn(List<PromptUnit> prompt)
        {
            var tenant = new FakeTenant();
            var taken = table.Take(tenant, prompt, reuse: true, owner: null);
            streams.Decode(taken.Slot, prompt.Skip(taken.Kept));
            table.Leave(taken.Slot, keep: true);
            return taken;
        }
        Turn([.. system, .. Conversation(5, 200)]);

        List<PromptUnit> a = [.. system, .. Tokens(1)], b = [.. system, .. Tokens(2)];
        for (var turn = 0; turn < 6; turn++)
        {
            var (_, keptA) = Turn(a);
            var (_, keptB) = Turn(b);
            if (turn > 0)
            {
                Assert.Equal(a.Count - 1, keptA);
                Assert.Equal(b.Count - 1, keptB);
            }
            a = [.. a, .. Tokens(100 + turn)];
            b = [.. b, .. Tokens(200 + turn)];
        }
    }

    [Fact]
    public void Without_reuse_the_prompt_is_decoded_whole_and_leaves_no_cache()
    {
        var prompt = Conversation(1, 10);
        var (cached, _) = Serve(prompt);

        var (slot, kept) = Serve(prompt, reuse: false);

        Assert.Equal(0, kept);
        Assert.NotSame(cached, slot);
        Assert.True(slot.Content.IsEmpty);
        Assert.Equal(9, Serve(prompt).Kept);
        AssertTagsMatchCells();
    }

    [Fact]
    public void A_cache_away_from_the_running_requests_is_brought_next_to_them_and_nothing_is_lost()
    {
        // Four conversations fill the four slots; then three of them run at once, in an order that forces moves.
        var conversations = Enumerable.Range(1, 4).Select(c => Conversation(c, 8)).ToList();
        foreach (var c in conversations) Serve(c);
        var before = conversations.Select(c => _table.Slots.Single(s => s.Content.CommonPrefix(c) == 8).Id).ToList();

        var running = new List<(FakeTenant Tenant, int Kept)>();
        foreach (var c in new[] { conversations[0], conversations[3], conversations[1] })
        {
            var tenant = new FakeTenant();
            // Each conversation's next turn: its prompt, its answer, a new question.
            var (_, kept) = _table.Take(tenant, [.. c, .. Tokens(900_000, 900_001, 900_002, 42)], reuse: true, owner: null);
            running.Add((tenant, kept));
            var ids = running.Select(r => r.Tenant.Slot.Id).Order().ToList();
            Assert.Equal(Enumerable.Range(ids[0], ids.Count), ids);
        }

        Assert.All(running, r => Assert.Equal(11, r.Kept));
        Assert.True(_copies > 0);
        // The idle conversation's cache is still whole somewhere.
        Assert.Contains(_table.Slots, s => s.Tenant is null && s.Content.CommonPrefix(conversations[2]) == 8);
        Assert.NotEqual(before, running.Select(r => r.Tenant.Slot.Id).ToList());
        AssertTagsMatchCells();
    }

    [Fact]
    public void A_request_that_ends_between_running_ones_keeps_its_cache_when_the_gap_closes()
    {
        var tenants = Enumerable.Range(1, 3).Select(c =>
        {
            var tenant = new FakeTenant();
            var (slot, _) = _table.Take(tenant, Conversation(c, 6), reuse: true, owner: null);
            _streams.Decode(slot, Conversation(c, 6));
            return tenant;
        }).ToList();
        var middle = tenants.OrderBy(t => t.Slot.Id).ElementAt(1);
        _table.Leave(middle.Slot, keep: true);

        _table.Compact();

        var active = _table.Slots.Where(s => s.Tenant is not null).Select(s => s.Id).ToList();
        Assert.Equal(Enumerable.Range(active[0], 2), active);
        Assert.Contains(_table.Slots, s => s.Tenant is null && s.Content.Count == 6);
        // The highest running request and the cache swap places through the spare stream (id 4).
        Assert.Equal(["copy 2->4", "copy 1->2", "copy 4->1", "clear 4"], _streams.Operations[^4..]);
        AssertTagsMatchCells();
    }

    [Fact]
    public void A_conversation_keeps_its_slot_against_other_requests_until_it_ends()
    {
        var mine = Conversation(1, 10);
        var (owned, _) = Serve(mine, owner: "realtime-a");
        for (var c = 2; c < 2 + 2 * Parallel; c++) Serve(Conversation(c, 10));

        Assert.Equal("realtime-a", owned.Owner);
        Assert.Equal(13, Serve([.. mine, .. Tokens(900_000, 900_001, 900_002, 5)], owner: "realtime-a").Kept);

        _table.Release("realtime-a");
        for (var c = 20; c < 20 + Parallel; c++) Serve(Conversation(c, 10));
        Assert.DoesNotContain(_table.Slots, s => s.Content.CommonPrefix(mine) > 0);
        AssertTagsMatchCells();
    }

    [Fact]
    public void Owned_slots_give_way_when_every_slot_is_owned()
    {
        for (var c = 0; c < Parallel; c++) Serve(Conversation(c, 5), owner: $"c{c}");

        var (slot, kept) = Serve(Conversation(99, 5));

        Assert.Equal(0, kept);
        Assert.Null(slot.Owner);
        Assert.Equal(Parallel - 1, _table.Slots.Count(s => s.Owner is not null));
    }

    [Fact]
    public void A_memory_that_cannot_cut_mid_sequence_starts_the_slot_empty()
    {
        Serve(Conversation(1, 10));
        _streams.RefuseCuts = true;

        var (slot, kept) = Serve([.. Conversation(1, 5), .. Tokens(77)]);

        Assert.Equal(0, kept);
        Assert.Equal(9, slot.Content.Count); // the prompt and its answer, decoded from the start
        AssertTagsMatchCells();
    }

    [Fact]
    public void Media_units_are_kept_or_dropped_whole_and_cut_at_their_positions()
    {
        var image = PromptUnit.Media(0xABCDEF, positions: 4, cells: 16);
        var other = PromptUnit.Media(0x123456, positions: 4, cells: 16);
        Serve([.. Tokens(1, 2), image, .. Tokens(3, 4)]);

        var (same, kept) = Serve([.. Tokens(1, 2), image, .. Tokens(3, 5)]);
        Assert.Equal(4, kept);
        // Cut after the image's 4 positions and the matching token: position 2 + 4 + 1.
        Assert.Equal($"cut {same.Id}@7", _streams.Operations.Single(o => o.StartsWith("cut")));

        var (otherSlot, otherKept) = Serve([.. Tokens(1, 2), other, .. Tokens(3, 4)]);
        Assert.Equal(2, otherKept);
        Assert.Equal(3, otherSlot.Content.CommonPrefix([.. Tokens(1, 2), other]));
        AssertTagsMatchCells();
    }

    [Fact]
    public void A_conversation_whose_oldest_turns_were_dropped_keeps_its_later_turns_shifted_into_place()
    {
        var table = new SlotTable(Parallel, _streams, () => _copies++, smallTail: 2, cacheReuse: 4);
        List<PromptUnit> system = Conversation(9, 10), oldest = Conversation(1, 20), recent = Conversation(2, 30);
        var first = table.Take(new FakeTenant(), [.. system, .. oldest, .. recent], reuse: true, owner: "a");
        _streams.Decode(first.Slot, [.. system, .. oldest, .. recent, .. Tokens(900_000, 900_001)]);
        table.Leave(first.Slot, keep: true);

        // The truncation dropped the oldest turn: the instructions, then the recent turn with its answer, then a question.
        List<PromptUnit> truncated = [.. system, .. recent, .. Tokens(900_000, 900_001, 5, 6)];
        var (slot, kept) = table.Take(new FakeTenant(), truncated, reuse: true, owner: "a");

        // Everything but the new question: the recent turn and its answer moved back by the oldest turn's 20 positions.
        Assert.Equal(truncated.Count - 2, kept);
        Assert.Equal($"remove {slot.Id}@10-30", _streams.Operations[^3]);
        Assert.Equal($"shift {slot.Id}@30-62 by -20", _streams.Operations[^2]);
        Assert.Equal($"cut {slot.Id}@42", _streams.Operations[^1]);
        Assert.Equal(truncated[..^2], _streams.Cells(slot.Id));
        Assert.Equal("a", slot.Owner);
        AssertTagsMatchCells(table);
    }

    [Fact]
    public void Cached_runs_shorter_than_the_reuse_minimum_or_after_a_medium_are_decoded_again()
    {
        var table = new SlotTable(Parallel, _streams, () => _copies++, smallTail: 2, cacheReuse: 4);
        var image = PromptUnit.Media(0xABCDEF, positions: 4, cells: 16);
        List<PromptUnit> system = Conversation(9, 10);
        Serve(table, [.. system, .. Conversation(1, 20), .. Tokens(7, 8, 9), image, .. Tokens(10)]);

        // Three tokens are found again (under the minimum of 4), then the medium, which never moves.
        var (_, kept) = Serve(table, [.. system, .. Tokens(7, 8, 9), image, .. Tokens(10, 11)]);

        Assert.Equal(10, kept);
        Assert.DoesNotContain(_streams.Operations, o => o.StartsWith("shift"));
        AssertTagsMatchCells(table);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, false)]
    public void Nothing_is_shifted_when_reuse_is_off_or_the_memory_cannot_shift(int cacheReuse, bool canShift)
    {
        _streams.CanShift = canShift;
        var table = new SlotTable(Parallel, _streams, () => { }, smallTail: 2, cacheReuse: cacheReuse);
        List<PromptUnit> system = Conversation(9, 10), recent = Conversation(2, 30);
        Serve(table, [.. system, .. Conversation(1, 20), .. recent], owner: "a");

        Assert.Equal(10, Serve(table, [.. system, .. recent, .. Tokens(5)], owner: "a").Kept);
        Assert.DoesNotContain(_streams.Operations, o => o.StartsWith("shift"));
        AssertTagsMatchCells(table);
    }

    [Fact]
    public void Any_sequence_of_turns_keeps_tags_equal_to_cells_and_running_requests_on_consecutive_ids()
    {
        // Operations: 0–5 start a request of conversation n, 6 ends a random running one, 7 ends a conversation,
        // 8 is a failed decode (the loop fails what runs and replaces the context: every cell is gone).
        Gen.Select(Gen.Int[0, 8], Gen.Int[0, 5], Gen.Int[0, 8], Gen.Bool).Array[1, 60].Sample(ops =>
        {
            var streams = new FakeKvStreams(Parallel + 1);
            var table = new SlotTable(Parallel, streams, () => { }, smallTail: 2, cacheReuse: 2);
            var running = new List<FakeTenant>();
            var lengths = new int[6];
            var random = new Random(ops.Length);
            foreach (var (op, conversation, extra, reuse) in ops)
            {
                if (op <= 5 && running.Count < Parallel)
                {
                    var tenant = new FakeTenant();
                    var prompt = Conversation(conversation, lengths[conversation] + extra + 1);
                    // Some turns come truncated: the first units kept, a stretch after them dropped.
                    if (extra >= 6) prompt = [.. prompt.Where((_, i) => i < 2 || i >= 2 + extra)];
                    var (slot, kept) = table.Take(tenant, prompt, reuse, reuse && extra % 2 == 0 ? $"c{conversation}" : null);
                    Assert.InRange(kept, 0, prompt.Count - 1);
                    streams.Decode(slot, prompt.Skip(kept));
                    lengths[conversation] = prompt.Count;
                    running.Add(tenant);
                }
                else if (op == 6 && running.Count > 0)
                {
                    var leaving = running[random.Next(running.Count)];
                    running.Remove(leaving);
                    table.Leave(leaving.Slot, keep: reuse);
                }
                else if (op == 7)
                {
                    table.Release($"c{conversation}");
                }
                else if (op == 8)
                {
                    foreach (var failed in running) table.Leave(failed.Slot, keep: true);
                    running.Clear();
                    for (var stream = 0; stream <= Parallel; stream++) streams.Clear(stream);
                    table.Reset();
                }
                table.Compact();

                var ids = running.Select(t => t.Slot.Id).Order().ToList();
                if (ids.Count > 0) Assert.Equal(Enumerable.Range(ids[0], ids.Count), ids);
                Assert.All(running, t => Assert.Same(t, t.Slot.Tenant));
                foreach (var slot in table.Slots)
                {
                    var cells = streams.Cells(slot.Id);
                    Assert.Equal(cells.Count, slot.Content.Count);
                    Assert.Equal(cells.Count, slot.Content.CommonPrefix([.. cells]));
                    Assert.True(streams.IsContiguous(slot.Id));
                }
                Assert.Empty(streams.Cells(Parallel));
            }
        }, iter: 300);
    }
}
