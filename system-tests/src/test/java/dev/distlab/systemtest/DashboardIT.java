package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gateway's dashboard in a real browser (Debian's chromium, driven through chromium-driver) against the running
 * local cluster: what the page shows is checked against what the cluster does. Screenshots of each test go to
 * {@code target/dashboard/}. Skips, saying why, where chromium or its driver is not installed.
 */
class DashboardIT extends ClusterTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target/dashboard");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void openBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER + "); .ci/run installs them");
        profile = Files.createTempDirectory("distlab-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the machine's network is closed: no background, sync or update traffic, no QUIC
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1700", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void openDashboard() {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        balancers.reset();
        browser.get(cluster.gatewayUrl() + "/");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1700));
    }

    @AfterEach
    void screenshotAndReset(TestInfo test) throws IOException {
        if (browser != null) {
            screenshot(test.getTestMethod().orElseThrow().getName());
            assertEverythingCameFromTheGateway();
            ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        }
        for (int i = 1; i <= LocalCluster.PARTICIPANTS; i++) { // whatever a failed test left behind
            Http.send("DELETE", cluster.participantUrl(i) + "/actuator/faults", null, cluster.token());
        }
        balancers.reset();
    }

    @Test
    void shouldShowThreeParticipantsAndExactlyOneLeader() {
        until(() -> rows("participant-service").size() == 3
                && browser.findElements(By.cssSelector("#topology tr[data-role='leader']")).size() == 1);
        String leader = attribute("#topology tr[data-role='leader']", "data-instance");
        String leaderSeenByParticipant = Http.json(Http.get(cluster.participantUrl(1) + "/api/node"))
                .path("paxos").path("leader").asString();
        assertThat(leader).isEqualTo(leaderSeenByParticipant);
        until(() -> text("#leader-now").equals(leader));
        assertThat(rows("coordinator-service")).hasSize(LocalCluster.COORDINATORS);
        // the participants' own count of branches in doubt: none on a quiet cluster, each of the three saying so
        until(() -> browser.findElements(By.cssSelector("#tx-counts [data-in-doubt]")).size() == 3);
        assertThat(text("#in-doubt-total")).isEqualTo("0");
        assertThat(text("#tx-counts")).contains("participant-1: 0", "participant-2: 0", "participant-3: 0");

        // a phone-sized window: one column, nothing wider than the screen
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(400, 1700));
        until(() -> rows("participant-service").size() == 3);
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        screenshot("narrow");
    }

    @Test
    void shouldShowTheConsensusHistoryTheGatewayKeptBeforeThePageWasOpened() {
        until(() -> samplesShown() >= 2);
        long reloadedAt = System.currentTimeMillis();
        browser.navigate().refresh();

        // a fresh page has no history of its own: samples older than the reload came from the gateway
        until(() -> samplesShown() >= 2);
        assertThat(Long.parseLong(attribute("#consensus-chart svg", "data-first-sample")))
                .isLessThan(reloadedAt);
        until(() -> browser.findElements(By.cssSelector("#consensus-chart rect.lead")).size() >= 1);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('consensus').scrollIntoView()");
        screenshot("timeline-wide");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(400, 1000));
        // redrawn at the narrow chart's own width, so that its text does not shrink
        until(() -> Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
                "const chart = document.getElementById('consensus-chart'); const svg = chart.querySelector('svg');"
                        + " return svg !== null && svg.viewBox.baseVal.width <= Math.max(300, chart.clientWidth + 1);")));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('consensus').scrollIntoView()");
        screenshot("timeline-narrow");
    }

    @Test
    void shouldShowTheNewSharesAfterSwitchingThePolicyInThePage() {
        By balancer = By.cssSelector("form.balancer[data-service='participant-service']");
        until(() -> !browser.findElements(balancer).isEmpty());
        WebElement form = browser.findElement(balancer);
        new Select(form.findElement(By.name("policy"))).selectByValue("weighted");
        setWeight(form, "participant-1", 5);
        setWeight(form, "participant-2", 1);
        setWeight(form, "participant-3", 0);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        enterToken();
        until(() -> "weighted".equals(balancers.state(Balancers.PARTICIPANTS).path("policy").asString()));
        until(() -> text("form.balancer[data-service='participant-service'] .policy-now").equals("weighted"));

        for (int i = 0; i < 600; i++) {
            Http.get(cluster.gatewayUrl() + "/api/node");
        }
        // 5 : 1 : 0 is 83.3 %, 16.7 % and nothing; the page's window may also hold a few requests from before
        until(() -> share("participant-1") > 75 && share("participant-3") == 0 && share("participant-2") > 10);
        assertThat(share("participant-1")).isBetween(75.0, 90.0);
    }

    @Test
    void shouldShowATransferMadeInThePageWithItsBranches() {
        Map<String, String> accounts = new Bank(cluster).accountPerParticipant("dash-" + System.nanoTime(), 100, 2);
        List<String> participants = accounts.keySet().stream().sorted().toList();
        WebElement form = browser.findElement(By.id("transfer-form"));
        form.findElement(By.name("from")).sendKeys(accounts.get(participants.get(0)));
        form.findElement(By.name("to")).sendKeys(accounts.get(participants.get(1)));
        WebElement amount = form.findElement(By.name("amount"));
        amount.clear();
        amount.sendKeys("7");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        until(() -> text("#transfer-result").startsWith("Committed"));
        String txId = text("#transfer-result").replaceAll(".*transaction ([0-9a-f-]+).*", "$1");
        until(() -> browser.findElements(By.cssSelector("#tx-detail [data-tx='" + txId + "'] tr[data-branch]")).size()
                == 2);
        // phase 2 runs after the answer: the page follows the open transaction until both branches have committed
        for (String participant : participants) {
            String branch = "#tx-detail tr[data-branch='" + participant + "']";
            until(() -> text(branch).contains("COMMITTED"));
            assertThat(text(branch)).contains("YES");
        }
        until(() -> !browser.findElements(By.cssSelector("#tx-list tr[data-tx='" + txId + "']")).isEmpty());
        assertThat(new Bank(cluster).balance(accounts.get(participants.get(1)))).isEqualTo(107);
    }

    @Test
    void shouldListAPartitionMadeInThePageShowTheNewLeaderAndClearIt() {
        String leaderCss = "#topology tr[data-role='leader']";
        By leaderRow = By.cssSelector(leaderCss);
        until(() -> browser.findElements(leaderRow).size() == 1);
        String leader = attribute(leaderCss, "data-instance");
        browser.findElement(By.id("token-button")).click();
        enterToken();

        until(() -> browser.findElements(By.cssSelector("#partition-instance option")).size() == 3);
        new Select(browser.findElement(By.id("partition-instance"))).selectByValue(leader);
        WebElement form = browser.findElement(By.id("partition-form"));
        WebElement seconds = form.findElement(By.name("seconds"));
        seconds.clear();
        seconds.sendKeys("60");
        long partitionedAt = System.currentTimeMillis();
        form.findElement(By.cssSelector("button[type=submit]")).click();

        // both directions of each link: a drop on the leader towards each other participant, and on each towards it
        until(() -> browser.findElements(By.cssSelector("#faults-list tr[data-kind='drop']")).size() == 4);
        assertThat(browser.findElements(By.cssSelector("#faults-list tr[data-on='" + leader + "']"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#faults-list tr[data-target='" + leader + "']"))).hasSize(2);
        // the other two elect one of themselves; the page shows that leader (the cut-off one may still think it leads)
        new WebDriverWait(browser, Duration.ofSeconds(40)).ignoring(RuntimeException.class)
                .until(b -> b.findElements(leaderRow).stream()
                        .anyMatch(row -> !leader.equals(row.getDomAttribute("data-instance"))));
        // the timeline marks that election: away from the leader that was cut off, after the partition
        until(() -> Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#consensus-chart line.election')]"
                        + ".some(mark => mark.dataset.previous === arguments[0] && Number(mark.dataset.at) > arguments[1])",
                leader, partitionedAt)));
        assertThat(text("#elections")).contains(leader + " →");
        screenshot("partitioned");

        browser.findElement(By.id("clear-faults")).click();
        until(() -> text("#faults-result").startsWith("Cleared 4 fault"));
        until(() -> browser.findElements(By.cssSelector("#faults-list tr[data-fault]")).isEmpty());
        until(() -> browser.findElements(leaderRow).size() == 1);
    }

    @Test
    void shouldPauseAndResumeAnInstanceFromThePage() {
        browser.findElement(By.id("token-button")).click();
        enterToken();
        By pause = By.cssSelector("#control tr[data-instance='participant-3'] button[data-action='pause']");
        until(() -> !browser.findElements(pause).isEmpty());
        browser.findElement(pause).click();

        until(() -> text("#faults-result").startsWith("pause participant-3"));
        assertThat(cluster.status("participant-3")).contains("paused");
        // a paused process answers nothing: the page says so for its own view of the instance
        until(() -> text("#topology tr[data-instance='participant-3']").contains("no answer"));
        screenshot("paused");

        browser.findElement(By.cssSelector("#control tr[data-instance='participant-3'] button[data-action='resume']"))
                .click();
        until(() -> text("#faults-result").startsWith("resume participant-3"));
        until(() -> text("#topology tr[data-instance='participant-3']").contains("follower")
                || text("#topology tr[data-instance='participant-3']").contains("leader"));
    }

    @Test
    void shouldRunAShortVerificationFromThePageAndOpenItsReport() {
        browser.findElement(By.id("token-button")).click();
        enterToken();
        WebElement form = browser.findElement(By.id("verify-form"));
        new Select(form.findElement(By.name("workload"))).selectByValue("register");
        new Select(form.findElement(By.name("nemesis"))).selectByValue("none");
        WebElement seconds = form.findElement(By.name("seconds"));
        seconds.clear();
        seconds.sendKeys("5");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        until(() -> !browser.findElements(By.cssSelector("#verify-runs tr[data-state='running']")).isEmpty()
                || !browser.findElements(By.cssSelector("#verify-runs tr[data-state='valid']")).isEmpty());
        // the console follows the run while it goes
        new WebDriverWait(browser, Duration.ofSeconds(180)).ignoring(RuntimeException.class)
                .until(b -> !b.findElements(By.cssSelector("#verify-runs tr[data-state='valid'] a")).isEmpty());
        assertThat(text("#verify-console")).isNotEmpty();
        screenshot("verified");

        String report = browser.findElement(By.cssSelector("#verify-runs tr[data-state='valid'] a")).getDomAttribute("href");
        browser.get(cluster.gatewayUrl() + report);
        assertThat(browser.getTitle()).isEqualTo("distlab verify: VALID");
        assertThat(text(".verdict")).isEqualTo("VALID");
        screenshot("report");
        browser.navigate().back();
    }

    private void screenshot(String name) {
        try {
            Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void setWeight(WebElement form, String instance, int weight) {
        WebElement input = form.findElement(By.name("weight-" + instance));
        input.clear();
        input.sendKeys(String.valueOf(weight));
    }

    /** The page asks for the token once; this tab then keeps it. */
    private void enterToken() {
        until(() -> browser.findElement(By.id("token-dialog")).getDomAttribute("open") != null);
        browser.findElement(By.id("token-input")).sendKeys(cluster.token());
        browser.findElement(By.cssSelector("#token-dialog button[value=save]")).click();
    }

    /** The share the page shows for {@code instance}, -1 before it shows one. */
    private double share(String instance) {
        String value = attribute("form.balancer[data-service='participant-service'] tr[data-instance='" + instance
                + "'] .pct", "data-share");
        return value == null || value.isEmpty() ? -1 : Double.parseDouble(value);
    }

    /** How many of the gateway's consensus samples the timeline draws (0 before it has drawn any). */
    private int samplesShown() {
        Object samples = ((JavascriptExecutor) browser).executeScript(
                "const chart = document.querySelector('#consensus-chart svg');"
                        + " return chart ? Number(chart.dataset.samples) : 0;");
        return ((Number) samples).intValue();
    }

    private List<WebElement> rows(String service) {
        return browser.findElements(By.cssSelector("#topology table[data-service='" + service + "'] tbody tr"));
    }

    /**
     * An attribute of the first element {@code css} finds (null if none), read in one script: the page redraws its
     * tables and charts every poll, so an element found first and read after may be gone already.
     */
    private String attribute(String css, String name) {
        Object value = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;", css,
                name);
        return value == null ? null : value.toString();
    }

    /**
     * The text of the first element matching, read in one step inside the page: the page redraws its tables
     * every poll, so an element found first and read afterwards may already be gone (stale).
     */
    private String text(String css) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css);
        return text == null ? "" : text.toString().trim();
    }

    private void until(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).ignoring(RuntimeException.class).until(b -> condition.getAsBoolean());
    }

    /** Every resource and request the page made went to the gateway that served it: nothing left the machine. */
    @SuppressWarnings("unchecked")
    private void assertEverythingCameFromTheGateway() {
        List<String> urls = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".concat(performance.getEntriesByType('navigation').map(e => e.name));");
        URI gateway = URI.create(cluster.gatewayUrl());
        assertThat(urls).isNotEmpty().allSatisfy(url -> {
            URI uri = URI.create(url);
            assertThat(uri.getHost()).as(url).isEqualTo(gateway.getHost());
            assertThat(uri.getPort()).as(url).isEqualTo(gateway.getPort());
        });
    }
}
