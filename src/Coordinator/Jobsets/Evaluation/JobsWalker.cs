namespace AsterFarm.Coordinator.Jobsets.Evaluation;

/// <summary>
/// The Nix expression that walks a jobset's attributes (Debian's Nix 2.8 has no nix-eval-jobs). Called with the
/// jobset's file (<c>sourcePath</c>), its arguments as JSON (<c>argsJson</c>), an attribute path to start from
/// (<c>attrPath</c>, dotted, empty for the top) and a <c>mode</c>:
/// <list type="bullet">
/// <item><c>walk</c>: every derivation below as <c>{ attr, drvPath, system, outputs }</c>, or <c>{ attr, failed = true; }</c>
/// where <c>builtins.tryEval</c> caught an error (a <c>throw</c> or failed <c>assert</c>; it gives no message, so the
/// runner asks Nix again for that attribute alone);</item>
/// <item><c>names</c>: the attribute names of the set there (null for a derivation or a value that is not a set);</item>
/// <item><c>force</c>: the derivation there, fully, so that Nix reports why it does not evaluate.</item>
/// </list>
/// Sets that are not derivations are walked into, as Hydra does with <c>release.nix</c>; other values are ignored.
/// </summary>
internal static class JobsWalker
{
    public const string Expression =
        """
        { sourcePath, argsJson, attrPath, mode }:
        let
          source = import (/. + sourcePath);
          args = builtins.fromJSON argsJson;
          formals = builtins.functionArgs source;
          root = if builtins.isFunction source
            then source (if formals == { } then args else builtins.intersectAttrs formals args)
            else source;
          segments = if attrPath == "" then [ ] else builtins.filter builtins.isString (builtins.split "\\." attrPath);
          at = builtins.foldl' (value: name: value.${name}) root segments;
          isDerivation = value: builtins.isAttrs value && (value.type or null) == "derivation";
          join = prefix: name: if prefix == "" then name else "${prefix}.${name}";
          describe = prefix: drv:
            let
              info = {
                attr = prefix;
                drvPath = drv.drvPath;
                system = drv.system;
                outputs = builtins.listToAttrs (map (output: { name = output; value = drv.${output}.outPath; }) (drv.outputs or [ "out" ]));
              };
              checked = builtins.tryEval (builtins.deepSeq info info);
            in if checked.success then [ checked.value ] else [ { attr = prefix; failed = true; } ];
          walk = prefix: value:
            let checked = builtins.tryEval value;
            in if !checked.success then [ { attr = prefix; failed = true; } ]
            else if isDerivation checked.value then describe prefix checked.value
            else if builtins.isAttrs checked.value then
              builtins.concatLists (map (name: walk (join prefix name) checked.value.${name}) (builtins.attrNames checked.value))
            else [ ];
        in
          if mode == "walk" then walk attrPath at
          else if mode == "names" then (if builtins.isAttrs at && !(isDerivation at) then builtins.attrNames at else null)
          else builtins.deepSeq [ at.drvPath at.system ] at.drvPath
        """;
}
