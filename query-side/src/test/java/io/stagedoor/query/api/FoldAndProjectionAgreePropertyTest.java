package io.stagedoor.query.api;

import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.query.fold.ParticipantView;
import io.stagedoor.query.fold.StageFold;
import io.stagedoor.query.fold.StageOverview;
import io.stagedoor.query.projection.ReadModelRows;
import io.stagedoor.query.projection.StageReadModelProjector;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random valid event streams of a few meetings — the stage policies' engine decisions among them — folded in memory
 * ({@link StageFold}, as time travel and live notifications fold them) and projected into PostgreSQL by the real
 * projector in processor batches cut at random points (some delivered again), give after every batch the same
 * overview (settings included), the same request queue with the same positions (read a page of random size at a
 * time) and the same participant rows — and all of them what the meeting, followed independently of the read side,
 * should show; the audit trail holds every event once, with its actor and reason.
 */
class FoldAndProjectionAgreePropertyTest {

    private static final int MEETINGS = 3;
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final AtomicInteger SCENARIOS = new AtomicInteger();

    /** The commands weighted so that meetings fill up and their queues grow and shrink; meetings end at the end. */
    private static final List<Tuple.Tuple2<Integer, ValidMeeting.Action>> ACTIONS = List.of(
            Tuple.of(8, ValidMeeting.Action.ADD), Tuple.of(1, ValidMeeting.Action.REMOVE),
            Tuple.of(1, ValidMeeting.Action.CHANGE_PERMISSIONS), Tuple.of(14, ValidMeeting.Action.REQUEST),
            Tuple.of(1, ValidMeeting.Action.CANCEL_REQUEST), Tuple.of(1, ValidMeeting.Action.EXPIRE),
            Tuple.of(2, ValidMeeting.Action.GRANT), Tuple.of(1, ValidMeeting.Action.GRANT_ALL),
            Tuple.of(1, ValidMeeting.Action.DENY), Tuple.of(1, ValidMeeting.Action.DENY_ALL),
            Tuple.of(5, ValidMeeting.Action.JOIN), Tuple.of(4, ValidMeeting.Action.LEAVE),
            Tuple.of(2, ValidMeeting.Action.KICK), Tuple.of(1, ValidMeeting.Action.CHANGE_SETTINGS),
            Tuple.of(1, ValidMeeting.Action.EXPIRE_ACCEPTANCE), Tuple.of(1, ValidMeeting.Action.LOSE_PRESENCE));

    private static ConfigurableApplicationContext context;
    private static JdbcTemplate jdbc;
    private static ReadModel readModel;
    private static AnnotationEventHandlerAdapter projector;
    private static TransactionManager transactions;

    /** One step of a scenario: a command to one of the meetings, or the end of a processor batch. */
    sealed interface Step permits Command, BatchEnds {
    }

    /** @param seconds how long after the previous command it comes (0: at the same instant) */
    record Command(int meeting, ValidMeeting.Action action, int who, int choice, int seconds) implements Step {
    }

    /**
     * @param redelivered how many already projected events the next batch delivers again, before its own
     * @param pageSize    the page size to read the queue and the participants with, once the batch committed
     * @param listed      the status to list participants by; null for all
     */
    record BatchEnds(int redelivered, int pageSize, StageStatus listed) implements Step {
    }

    @BeforeContainer
    static void start() {
        context = TestApplication.start(QuerySideApplication.class, TestDatabase.fresh());
        jdbc = context.getBean(JdbcTemplate.class);
        readModel = context.getBean(ReadModel.class);
        projector = new AnnotationEventHandlerAdapter(context.getBean(StageReadModelProjector.class));
        transactions = context.getBean(TransactionManager.class);
    }

    @AfterContainer
    static void stop() {
        context.close();
    }

    @Property(tries = 12, edgeCases = EdgeCasesMode.NONE)
    void theProjectedReadModelShowsWhatTheInMemoryFoldShows(@ForAll("scenarios") List<Step> steps) {
        int scenario = SCENARIOS.incrementAndGet();
        List<ValidMeeting> meetings = IntStream.range(0, MEETINGS)
                                               .mapToObj(i -> new ValidMeeting(MeetingId.of("s" + scenario + "-m" + i)))
                                               .toList();
        Map<MeetingId, StageFold> folds = meetings.stream()
                                                  .collect(Collectors.toMap(m -> m.meetingId, m -> new StageFold()));
        Map<MeetingId, List<ReadModel.HistoryEntry>> histories = meetings.stream()
                .collect(Collectors.toMap(m -> m.meetingId, m -> new ArrayList<>()));
        List<EventMessage<?>> projected = new ArrayList<>();
        List<EventMessage<?>> pending = new ArrayList<>();
        Instant now = T0;
        for (Step step : steps) {
            if (step instanceof Command command) {
                now = now.plusSeconds(command.seconds());
                ValidMeeting meeting = meetings.get(command.meeting());
                long version = meeting.version();
                for (StageEvent event : meeting.decide(command.action(), command.who(), command.choice(), now)) {
                    pending.add(new GenericDomainEventMessage<>(StageEvent.AGGREGATE_TYPE, meeting.meetingId.value(),
                            ++version, event));
                    histories.get(meeting.meetingId).add(entry(event, version));
                }
            } else if (step instanceof BatchEnds end && !pending.isEmpty()) {
                List<EventMessage<?>> batch = new ArrayList<>(
                        projected.subList(Math.max(0, projected.size() - end.redelivered()), projected.size()));
                batch.addAll(pending);
                project(batch, folds);
                projected.addAll(pending);
                pending.clear();
                meetings.stream().filter(ValidMeeting::created).forEach(m -> {
                    assertTheReadModelShowsTheFold(m, folds.get(m.meetingId), end);
                    assertThat(historyInPages(m.meetingId, end.pageSize() * 50L, m.version()))
                            .as("the audit trail").isEqualTo(histories.get(m.meetingId));
                });
            }
        }
    }

    /** Runs the batch through the projector as the pooled processor does: one unit of work, one transaction. */
    private static void project(List<EventMessage<?>> batch, Map<MeetingId, StageFold> folds) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.attachTransaction(transactions);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> projector.handle(unitOfWork.getMessage()));
        assertThat(result.isExceptional()).as("the batch projects: %s", result).isFalse();
        for (EventMessage<?> message : batch) {
            StageEvent event = (StageEvent) message.getPayload();
            folds.get(event.meetingId()).apply(event, ((DomainEventMessage<?>) message).getSequenceNumber());
        }
    }

    private static void assertTheReadModelShowsTheFold(ValidMeeting meeting, StageFold fold, BatchEnds read) {
        MeetingId meetingId = meeting.meetingId;
        StageOverview overview = fold.overview();
        assertThat(overview.version()).isEqualTo(meeting.version());
        assertThat(overview.ended()).isEqualTo(meeting.ended());
        assertThat(overview.counts()).as("the counts the fold keeps").isEqualTo(meeting.counts());
        assertThat(overview.requests()).extracting(StageOverview.Request::userId).as("the queue, in request order")
                                       .containsExactlyElementsOf(meeting.queue());
        assertThat(fold.participants().stream()
                       .collect(Collectors.toMap(ParticipantView::userId, ParticipantView::status)))
                .as("the participants' statuses").isEqualTo(meeting.statuses());

        assertThat(readModel.overview(meetingId)).as("the projected overview").contains(overview);
        assertThat(queueInPages(meetingId, read.pageSize(), fold.version())).as("the projected queue, page by page")
                                                                   .isEqualTo(fold.requests());
        assertThat(jdbc.query("SELECT * FROM rm_participant WHERE meeting_id = ?", ReadModelRows::participant,
                meetingId.value())).as("the projected participant rows")
                                   .containsExactlyInAnyOrderElementsOf(fold.participants());
        assertThat(participantsInPages(meetingId, read.listed(), read.pageSize(), fold.version()))
                .as("the projected participants with status %s, page by page", read.listed())
                .isEqualTo(fold.participants().stream().filter(p -> read.listed() == null || p.is(read.listed()))
                               .sorted(Comparator.comparing(p -> p.userId().value()))
                               .map(ReadModel.Participant::of).toList());
    }

    /** What the audit trail should show of an event: written here from the event, not by the projection's code. */
    private static ReadModel.HistoryEntry entry(StageEvent event, long version) {
        ParticipantEvent change = event instanceof ParticipantEvent p ? p : null;
        return new ReadModel.HistoryEntry(version, event.occurredAt(), event.getClass().getSimpleName(),
                event.actor().value(), change == null ? null : change.userId().value(),
                change == null ? null : change.from(), change == null ? null : change.to(),
                change == null ? null : change.reason());
    }

    private static List<ReadModel.HistoryEntry> historyInPages(MeetingId meetingId, long pageSize, long version) {
        List<ReadModel.HistoryEntry> all = new ArrayList<>();
        long after = -1;
        while (true) {
            ReadModel.Page<ReadModel.HistoryEntry> page = readModel.history(meetingId, after, (int) pageSize)
                                                                   .orElseThrow();
            assertThat(page.version()).isEqualTo(version);
            all.addAll(page.items());
            if (page.next() == null) {
                return all;
            }
            after = Long.parseLong(page.next());
        }
    }

    private static List<StageOverview.Request> queueInPages(MeetingId meetingId, int pageSize, long version) {
        return inPages(cursor -> readModel.requests(meetingId, cursor, pageSize).orElseThrow(), pageSize, version);
    }

    private static List<ReadModel.Participant> participantsInPages(MeetingId meetingId, StageStatus status,
                                                                   int pageSize, long version) {
        return inPages(cursor -> readModel.participants(meetingId, status, cursor, pageSize).orElseThrow(), pageSize,
                version);
    }

    private static <T> List<T> inPages(Function<String, ReadModel.Page<T>> read, int pageSize, long version) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        do {
            ReadModel.Page<T> page = read.apply(cursor);
            assertThat(page.version()).isEqualTo(version);
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            all.addAll(page.items());
            cursor = page.next();
        } while (cursor != null);
        return all;
    }

    // ---- generators ------------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<Integer> meeting = Arbitraries.integers().between(0, MEETINGS - 1);
        Arbitrary<Step> command = Combinators.combine(meeting, Arbitraries.frequency(ACTIONS),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 2)).as(Command::new);
        Arbitrary<Step> batchEnds = Combinators.combine(Arbitraries.integers().between(0, 3),
                                                       Arbitraries.integers().between(1, 4),
                                                       Arbitraries.of(StageStatus.class).injectNull(0.3))
                                               .as(BatchEnds::new);
        Arbitrary<List<Step>> steps = Arbitraries.frequencyOf(Tuple.of(8, command), Tuple.of(1, batchEnds))
                                                 .list().ofMinSize(200).ofMaxSize(300);
        Arbitrary<List<Step>> finale = meeting.injectNull(0.3).map(ending -> ending == null ? List.of()
                : List.of(new Command(ending, ValidMeeting.Action.END, 0, 0, 1)));
        return Combinators.combine(steps, finale).as((middle, end) -> {
            List<Step> all = new ArrayList<>(middle);
            all.addAll(end);
            all.add(new BatchEnds(0, 2, null));
            return all;
        });
    }
}
