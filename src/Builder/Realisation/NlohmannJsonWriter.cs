using System.Text;
using System.Text.Json;

namespace AsterFarm.Builder.Realisation;

/// <summary>
/// Writes compact JSON byte-for-byte as nlohmann::json's <c>dump()</c> does in Nix (raw UTF-8, control characters
/// as <c>\uXXXX</c> in lowercase hex, numbers exactly as they were read), so files like <c>.attrs.json</c> match.
/// </summary>
internal sealed class NlohmannJsonWriter
{
    private readonly StringBuilder _text = new();
    // Per open container: whether the next member needs a comma before it.
    private readonly Stack<bool> _needsComma = new();
    private bool _afterKey;

    public void BeginObject()
    {
        Separator();
        _text.Append('{');
        _needsComma.Push(false);
    }

    public void EndObject()
    {
        _needsComma.Pop();
        _text.Append('}');
    }

    public void Key(string key)
    {
        Separator();
        AppendString(key);
        _text.Append(':');
        _afterKey = true;
    }

    public void String(string value)
    {
        Separator();
        AppendString(value);
    }

    /// <summary>Writes a parsed value; numbers keep their original text.</summary>
    public void Value(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                BeginObject();
                foreach (var property in element.EnumerateObject())
                {
                    Key(property.Name);
                    Value(property.Value);
                }

                EndObject();
                break;
            case JsonValueKind.Array:
                Separator();
                _text.Append('[');
                _needsComma.Push(false);
                foreach (var item in element.EnumerateArray())
                {
                    Value(item);
                }

                _needsComma.Pop();
                _text.Append(']');
                break;
            case JsonValueKind.String:
                String(element.GetString()!);
                break;
            default:
                Separator();
                _text.Append(element.GetRawText());
                break;
        }
    }

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(_text.ToString());

    private void Separator()
    {
        if (_afterKey)
        {
            _afterKey = false; // A member's value follows its key directly.
            return;
        }

        if (_needsComma.Count > 0)
        {
            if (_needsComma.Pop())
            {
                _text.Append(',');
            }

            _needsComma.Push(true);
        }
    }

    private void AppendString(string value)
    {
        _text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\b': _text.Append("\\b"); break;
                case '\f': _text.Append("\\f"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case < ' ': _text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: _text.Append(c); break;
            }
        }

        _text.Append('"');
    }
}
