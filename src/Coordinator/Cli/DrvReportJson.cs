using System.Text.Json;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cli;

/// <summary>The JSON form of a <see cref="DrvReport"/>, for scripts; field names follow <c>nix show-derivation</c>.</summary>
internal static class DrvReportJson
{
    public static void Write(TextWriter output, StoreDir store, DrvReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var drv = report.Derivation;
            json.WriteStartObject();
            json.WriteString("drvPath", store.Print(report.DrvPath));
            json.WriteBoolean("valid", report.IsValid);
            json.WriteString("name", drv.Name);
            json.WriteString("system", drv.System);
            json.WriteString("builder", drv.Builder);
            json.WriteStartArray("args");
            foreach (var arg in drv.Args)
            {
                json.WriteStringValue(arg);
            }

            json.WriteEndArray();
            json.WriteStartObject("outputs");
            foreach (var (name, declared) in drv.Outputs)
            {
                json.WriteStartObject(name);
                report.Verification.OutputPaths.TryGetValue(name, out var computed);
                WriteOptionalPath(json, store, "path", declared.Path);
                WriteOptionalPath(json, store, "computedPath", computed);
                if (declared.HashAlgoField.Length > 0)
                {
                    json.WriteString("hashAlgo", declared.HashAlgoField);
                }

                if (declared.HashField.Length > 0)
                {
                    json.WriteString("hash", declared.HashField);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartObject("inputDrvs");
            foreach (var (path, outputs) in drv.InputDrvs)
            {
                json.WriteStartArray(store.Print(path));
                foreach (var name in outputs)
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteStartArray("inputSrcs");
            foreach (var path in drv.InputSrcs)
            {
                json.WriteStringValue(store.Print(path));
            }

            json.WriteEndArray();
            json.WriteStartObject("env");
            foreach (var (key, value) in drv.Env)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteStartArray("mismatches");
            foreach (var mismatch in report.Verification.Mismatches)
            {
                json.WriteStringValue(mismatch.ToString());
            }

            json.WriteEndArray();
            if (report.Closure.Count > 0)
            {
                json.WriteStartArray("closure");
                foreach (var item in report.Closure)
                {
                    json.WriteStartObject();
                    json.WriteString("drvPath", store.Print(item.DrvPath));
                    json.WriteBoolean("valid", item.IsValid);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteOptionalPath(Utf8JsonWriter json, StoreDir store, string name, StorePath? path)
    {
        if (path is { } value)
        {
            json.WriteString(name, store.Print(value));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
