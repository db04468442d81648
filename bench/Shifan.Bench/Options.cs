/// <summary>The <c>--name value</c> options of a bench command.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
            if (list[i].StartsWith("--"))
                values[list[i][2..]] = i + 1 < list.Count && !list[i + 1].StartsWith("--") ? list[++i] : "true";
        return new Options(values);
    }

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public string? Get(string name) => values.GetValueOrDefault(name);

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.TryParse(v, out var n) && n > 0 ? n : throw new ArgumentException($"--{name} must be a positive number, not {v}") : fallback;

    public GeneratorOptions Generator() => new(Int("campaigns", 100), Int("indicators", 100), Int("units", 30), Int("periods", 12), Int("evidence-per-indicator", 20));
}
