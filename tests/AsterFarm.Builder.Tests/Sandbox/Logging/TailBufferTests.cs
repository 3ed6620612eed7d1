using System.Text;
using AsterFarm.Builder.Sandbox.Logging;
using CsCheck;

namespace AsterFarm.Builder.Tests.Sandbox.Logging;

public sealed class TailBufferTests
{
    [Fact]
    public void The_tail_is_the_last_capacity_bytes_of_whatever_was_appended()
    {
        Gen.Select(Gen.Int[1, 64], Gen.Byte.Array[0, 100].Array[0, 20]).Sample((capacity, chunks) =>
        {
            var tail = new TailBuffer(capacity);
            foreach (var chunk in chunks)
            {
                tail.Append(chunk);
            }

            var all = chunks.SelectMany(chunk => chunk).ToArray();
            Assert.Equal(all[Math.Max(0, all.Length - capacity)..], tail.ToArray());
            Assert.Equal(all.Length, tail.TotalBytes);
        });
    }

    [Fact]
    public void A_cut_tail_starts_at_a_line_boundary()
    {
        var tail = new TailBuffer(10);

        tail.Append("first line\nsecond\nend\n"u8);

        Assert.Equal("end\n", tail.ToString());
    }

    [Fact]
    public void An_uncut_tail_is_the_whole_text()
    {
        var tail = new TailBuffer(100);

        tail.Append(Encoding.UTF8.GetBytes("partial first\nsecond"));

        Assert.Equal("partial first\nsecond", tail.ToString());
    }
}
