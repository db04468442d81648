using System.Text.Json.Serialization;

namespace Shifan.Core.Packages;

/// <summary>Where a <see cref="PackageGrant"/> stands at a moment.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PackageGrantState>))]
public enum PackageGrantState { NotYet, Active, Expired, Revoked }
