using Omnichannel.Departments;
using Omnichannel.Storage;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The department-store conformance kit against the in-memory default.</summary>
public sealed class InMemoryDepartmentStoreConformanceTests : DepartmentStoreConformanceTests
{
    protected override ValueTask<IDepartmentStore> CreateStoreAsync() => ValueTask.FromResult<IDepartmentStore>(new InMemoryDepartmentStore());
}
