using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>Evidence files: typed by content, kept with the record, read only by who may read the record, every access attributed.</summary>
[Collection(ApiCollection.Name)]
public sealed class FileTests(ApiFixture api)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string attachTo, byte[] bytes, string name, string? note = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        if (note is not null)
        {
            form.Add(new StringContent(note), "note");
        }

        return await client.PostAsync($"/api/files?attachTo={Uri.EscapeDataString(attachTo)}", form);
    }

    [Fact]
    public async Task AnEnterprisesEvidenceIsReadOnlyByWhoReadsItsRecordAndEveryAccessIsRecorded()
    {
        using var admin = api.Client(api.AdminToken);
        var code = await ParkBuilder.EnterpriseAsync(admin, "佐证测试生物");
        using var own = api.Client(await api.MintAsync("enterprise", code));
        using var other = api.Client(await api.MintAsync("enterprise", Codes.NewCode()));
        using var viewer = api.Client(await api.MintAsync("viewer"));

        var uploaded = await HttpAssert.Status(HttpStatusCode.Created, await UploadAsync(own, $"enterprise:{code}", Pdf, "高新技术企业证书.pdf", "2025年认定"));
        var id = uploaded.GetProperty("fileId").GetString()!;
        Assert.Equal(("application/pdf", Pdf.Length, "高新技术企业证书.pdf"), (uploaded.GetProperty("contentType").GetString(), uploaded.GetProperty("sizeBytes").GetInt32(),
            uploaded.GetProperty("name").GetString()));

        // An .exe renamed .pdf is refused by its content; a file for another enterprise's record cannot be uploaded.
        var exe = new byte[512];
        (exe[0], exe[1]) = ((byte)'M', (byte)'Z');
        var refused = await HttpAssert.NamesField(await UploadAsync(own, $"enterprise:{code}", exe, "批件.pdf"), "file", "judged by its content");
        Assert.Contains("Windows", refused.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await UploadAsync(other, $"enterprise:{code}", Pdf, "x.pdf"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await UploadAsync(viewer, $"enterprise:{code}", Pdf, "x.pdf"));
        await HttpAssert.NamesField(await UploadAsync(own, "enterprise:91110000000000000X", Pdf, "x.pdf"), "attachTo", "not in the registry");
        await HttpAssert.NamesField(await UploadAsync(own, "spaceship:1", Pdf, "x.pdf"), "attachTo", "kind:id");

        // Who reads the record reads the file; another enterprise's download is 403.
        var listed = await HttpAssert.Status(HttpStatusCode.OK, await viewer.GetAsync($"/api/files?attachedTo=enterprise:{code}"));
        Assert.Equal([id], listed.EnumerateArray().Select(f => f.GetProperty("fileId").GetString()));
        var download = await viewer.GetAsync($"/api/files/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await other.GetAsync($"/api/files/{id}"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await other.GetAsync($"/api/files?attachedTo=enterprise:{code}"));

        var history = await HttpAssert.Status(HttpStatusCode.OK, await own.GetAsync($"/api/files/{id}/history"));
        Assert.Equal([("upload", "enterprise"), ("download", "viewer")],
            history.EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("role").GetString())));
    }

    [Fact]
    public async Task ALeaseContractIsKeptForItsParkAndAProposalsEvidenceForItsEnterprise()
    {
        using var admin = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(admin, ("U1", 300m, "2024-01-01"));
        var otherPark = await ParkBuilder.CreateAsync(admin, ("U1", 300m, "2024-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(admin, "租约佐证生物");
        var lease = await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(admin, park, tenant, "U1", 300m, "2025-01-01", "2028-01-01"));
        using var operatorClient = api.Client(await api.MintAsync("park-operator", park));
        using var otherOperator = api.Client(await api.MintAsync("park-operator", otherPark));

        var contract = await HttpAssert.Status(HttpStatusCode.Created, await UploadAsync(operatorClient, $"lease:{lease.GetProperty("id").GetString()}", Pdf, "租赁合同.pdf"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await UploadAsync(otherOperator, $"lease:{lease.GetProperty("id").GetString()}", Pdf, "x.pdf"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await otherOperator.GetAsync($"/api/files/{contract.GetProperty("fileId").GetString()}"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/files/{contract.GetProperty("fileId").GetString()}")).StatusCode);

        // A proposal carries its evidence: the enterprise attaches the audit report; staff read it.
        using var own = api.Client(await api.MintAsync("enterprise", tenant));
        var current = await own.GetAsync($"/api/enterprises/{tenant}");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{tenant}") { Content = JsonContent.Create(new { revenueYuan = 30_000_000 }) };
        patch.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        var proposal = await HttpAssert.Status(HttpStatusCode.Accepted, await own.SendAsync(patch));
        var evidence = await HttpAssert.Status(HttpStatusCode.Created, await UploadAsync(own, $"proposal:{proposal.GetProperty("id").GetString()}", Pdf, "审计报告.pdf"));
        var listed = await HttpAssert.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/files?attachedTo=proposal:{proposal.GetProperty("id").GetString()}"));
        Assert.Equal(evidence.GetProperty("fileId").GetString(), listed[0].GetProperty("fileId").GetString());
    }
}
