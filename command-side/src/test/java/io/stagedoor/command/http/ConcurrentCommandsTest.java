package io.stagedoor.command.http;

import io.stagedoor.testsupport.Api;

import io.stagedoor.command.stage.Stage;
import io.stagedoor.command.stage.StageState;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Many commands at once on one meeting: each succeeds or is refused with a domain code, and none is lost. */
class ConcurrentCommandsTest extends ApiTest {

    @Test
    void twoHundredParallelRequestsAndGrantsLoseNothing() throws Exception {
        Cast cast = newCast("{\"maxOnStage\": 5}");
        List<String> viewers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            viewers.add(add(cast.meeting(), "crowd-" + i, "webinar_viewer"));
        }
        long eventsBefore = storedEvents(cast.meeting());

        Random random = new Random(42);
        List<java.util.concurrent.Callable<Api.Answer>> commands = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int viewer = random.nextInt(viewers.size());
            Api asViewer = service.as(viewers.get(viewer));
            String self = cast.path("/participants/crowd-" + viewer + "/stage/");
            switch (i % 5) {
                case 0 -> commands.add(() -> cast.host().post(cast.path("/stage/grant"), "{\"all\": true}"));
                case 1 -> commands.add(() -> cast.host().post(cast.path("/stage/grant"),
                        "{\"userIds\": [\"crowd-" + viewer + "\", \"crowd-" + random.nextInt(viewers.size()) + "\"]}"));
                case 2 -> commands.add(() -> asViewer.post(self + "join", null));
                default -> commands.add(() -> asViewer.post(self + "request", null));
            }
        }
        Collections.shuffle(commands, random);

        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Api.Answer> answers = new ArrayList<>();
        for (Future<Api.Answer> answer : clients.invokeAll(commands)) {
            answers.add(answer.get());
        }
        clients.shutdown();

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as("%s", answer.body()).isIn(200, 403, 404, 409);
            if (answer.status() != 200) {
                assertThat(answer.code()).as("a domain refusal: %s", answer.body()).isBetween(2001, 2008);
            }
        });
        long acknowledgedChanges = answers.stream().filter(answer -> answer.status() == 200)
                                          .flatMap(answer -> Api.strings(answer.body().path("outcomes"), "changed").stream())
                                          .filter("true"::equals).count();
        assertThat(storedEvents(cast.meeting()) - eventsBefore)
                .as("every acknowledged change is stored, exactly once").isEqualTo(acknowledgedChanges);
        List<Long> versionsOfChanges = answers.stream()
                                              .filter(answer -> answer.status() == 200 && Api.strings(
                                                      answer.body().path("outcomes"), "changed").contains("true"))
                                              .map(Api.Answer::version).toList();
        assertThat(versionsOfChanges).as("no two changing commands ended at the same version").doesNotHaveDuplicates();

        StageState live = StageState.of(load(context.getBean(Configuration.class).repository(Stage.class), cast.meeting()));
        StageState replayed = StageState.of(load(EventSourcingRepository.builder(Stage.class)
                                                                        .eventStore(context.getBean(EventStore.class))
                                                                        .build(), cast.meeting()));
        assertThat(live).as("the live stage equals the one replayed from the stored events, orders included")
                        .isEqualTo(replayed);
        assertThat(live.onStageCount()).isLessThanOrEqualTo(5);
    }

    private static Stage load(Repository<Stage> repository, String meeting) {
        AtomicReference<Stage> stage = new AtomicReference<>();
        DefaultUnitOfWork.startAndGet(null).execute(() -> stage.set(repository.load(meeting).invoke(Function.identity())));
        return stage.get();
    }
}
