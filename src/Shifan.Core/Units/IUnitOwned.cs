namespace Shifan.Core.Units;

/// <summary>
/// A row that belongs to one unit (its material, its review state, its ledger, its problem, its rating). Declaring
/// this on an entity is all it takes for the data scope to apply to it: the database context filters every query on
/// such a table to the units the caller reaches (see ShifanDbContext's unit filter and ADR-026). Rows whose owning unit
/// is empty belong to the campaign as a whole (the office's rating, the campaign's 自评报告) and are not filtered.
/// </summary>
public interface IUnitOwned;

/// <summary>Names the property that holds the owning unit when it is not called <c>UnitId</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OwningUnitAttribute : Attribute;

/// <summary>
/// Names the property that holds who made the row (a user name). On a unit-owned table this is all it takes for the
/// data scope 本人 (own records) to apply: a caller with that scope reads only the rows they made themselves.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RecordedByAttribute : Attribute;
