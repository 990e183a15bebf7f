<?php
/**
 * DELETE cart-sessions/v1/sessions/<key> and POST sessions/delete against the store double over real HTTP:
 * exactly the asked-for carts go, a failing upstream delete leaves its cart and says why, the list cache forgets
 * them, and a read-only key turns can_delete off with the reason.
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CoCartDouble\Control;

final class SessionsDeleteTest extends SessionsTestCase {

	/**
	 * @return string[]
	 */
	private function keys_in_table(): array {
		$keys = array_map( 'strval', array_keys( $this->table() ) );
		sort( $keys );
		return $keys;
	}

	/**
	 * @param string[] $keys
	 * @return string[]
	 */
	private function without_owner( array $keys ): array {
		return array_values( array_diff( $keys, array( (string) $this->key['user_id'] ) ) );
	}

	public function test_deleting_three_selected_carts_removes_exactly_those(): void {
		$this->connect();
		Control::seed( 40, 9 );
		$list   = $this->ok( 'GET', 'sessions', array( 'orderby' => 'key' ) );
		$chosen = array( $list['items'][2]['key'], $list['items'][5]['key'], $list['items'][11]['key'] );
		$before = $this->keys_in_table();

		$this->upstream = array();
		$result         = $this->ok( 'POST', 'sessions/delete', array( 'keys' => $chosen ) );
		$this->assertSame( 3, $result['deleted'] );
		$this->assertSame( 0, $result['not_found'] );
		$this->assertSame( 0, $result['failed'] );
		$this->assertSame( $chosen, array_column( $result['results'], 'key' ) );
		$this->assertSame( array( 'deleted', 'deleted', 'deleted' ), array_column( $result['results'], 'result' ) );
		$this->assertSame( array( 'key', 'result', 'message' ), array_keys( $result['results'][0] ) );
		$this->assertSame( 3, $this->counts()['delete'] );
		$this->assertSame( 3, count( $this->upstream ), 'nothing but the three deletes' );
		$this->assertSame(
			$this->without_owner( array_values( array_diff( $before, $chosen ) ) ),
			$this->without_owner( $this->keys_in_table() )
		);

		// The list forgot them at once, and asks the store again on the next view.
		$this->upstream = array();
		$after          = $this->ok( 'GET', 'sessions', array( 'orderby' => 'key', 'per_page' => 100 ) );
		$this->assertSame( 1, $this->counts()['list'] );
		$this->assertEmpty( array_intersect( $chosen, array_column( $after['items'], 'key' ) ) );

		// Deleting them again: already gone.
		$again = $this->ok( 'POST', 'sessions/delete', array( 'keys' => $chosen ) );
		$this->assertSame(
			array( 'not_found', 'not_found', 'not_found' ),
			array_column( $again['results'], 'result' )
		);
		$this->assertSame( 3, $again['not_found'] );
	}

	public function test_delete_all_matching_a_filter_removes_exactly_the_matching_set_and_never_the_key_owner(): void {
		$this->connect();
		Control::seed( 60, 21 );
		$this->ok( 'GET', 'sessions' ); // Our first request: CoCart saves the key owner's own session.
		$now   = time();
		$table = $this->table();
		$owner = (string) $this->key['user_id'];
		$this->assertArrayHasKey( $owner, $table );
		$match = static function ( array $r ) use ( $now ): bool {
			return $r['expiry'] <= $now && 'cocart' === $r['source'] && $r['item_count'] > 0;
		};
		$want = array_map( 'strval', array_keys( array_filter( $table, $match ) ) );
		$this->assertNotEmpty( $want );

		$result = $this->ok(
			'POST',
			'sessions/delete',
			array(
				'filter'         => array( 'status' => 'expired', 'source' => 'cocart', 'has_items' => 'yes' ),
				'expected_count' => count( $want ),
			)
		);
		$got    = array_column( $result['results'], 'key' );
		sort( $want );
		sort( $got );
		$this->assertSame( $want, $got );
		$this->assertSame( count( $want ), $result['deleted'] );
		$this->assertSame(
			array_values( array_diff( array_map( 'strval', array_keys( $table ) ), $want ) ),
			array_values( array_intersect( array_map( 'strval', array_keys( $table ) ), $this->keys_in_table() ) )
		);

		// Everything: the key owner's own cart stays.
		$all = $this->ok(
			'POST',
			'sessions/delete',
			array( 'filter' => (object) array(), 'all' => true, 'expected_count' => count( $table ) )
		);
		$this->assertNotContains( $owner, array_column( $all['results'], 'key' ) );
		$this->assertSame( array( $owner ), $this->keys_in_table() );
	}

	public function test_delete_all_matching_with_an_empty_filter_or_blank_search_deletes_nothing_without_all_true(
	): void {
		$this->connect();
		Control::seed( 20, 4 );
		$before = $this->keys_in_table();
		foreach ( array( (object) array(), array( 'search' => '   ' ) ) as $filter ) {
			$this->upstream = array();
			$response       = $this->call(
				'POST',
				'sessions/delete',
				array( 'filter' => $filter, 'expected_count' => 100 )
			);
			$this->assertSame( 400, $response->get_status(), wp_json_encode( $response->get_data() ) );
			$this->assertSame( 'cart_sessions_filter_matches_everything', $response->get_data()['code'] );
			$this->assertStringContainsString( 'all: true', $response->get_data()['message'] );
			$this->assertSame( 0, $this->counts()['delete'] ?? 0 );
		}
		$this->assertSame( $before, $this->keys_in_table(), 'not one cart went' );
	}

	public function test_delete_all_matching_needs_the_confirmed_count_and_aborts_when_more_match_now(): void {
		$this->connect();
		Control::seed( 30, 5 );
		$this->ok( 'GET', 'sessions' );
		$before   = $this->keys_in_table();
		$missing  = $this->call( 'POST', 'sessions/delete', array( 'filter' => array( 'status' => 'expired' ) ) );
		$this->assertSame( 400, $missing->get_status() );
		$this->assertSame( array( 'expected_count' ), $missing->get_data()['data']['params'] );
		$confirmed = $this->ok( 'GET', 'sessions', array( 'status' => 'expired' ) )['total'];
		$this->assertGreaterThan( 1, $confirmed );
		// Between the confirmation and the request, more carts expired: the user confirmed fewer.
		$response = $this->call(
			'POST',
			'sessions/delete',
			array( 'filter' => array( 'status' => 'expired' ), 'expected_count' => $confirmed - 1 )
		);
		$this->assertSame( 409, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'cart_sessions_match_grew', $response->get_data()['code'] );
		$this->assertSame( $before, $this->keys_in_table(), 'nothing deleted' );
		$done = $this->ok(
			'POST',
			'sessions/delete',
			array( 'filter' => array( 'status' => 'expired' ), 'expected_count' => $confirmed )
		);
		$this->assertSame( $confirmed, $done['deleted'] );
	}

	public function test_the_key_owners_own_cart_is_refused_server_side_by_both_delete_routes(): void {
		$this->connect();
		Control::seed( 10, 6 );
		$this->ok( 'GET', 'sessions' ); // CoCart saves the key owner's own session.
		$owner = (string) $this->key['user_id'];
		$this->assertNotNull( $this->row( $owner ) );
		$others = array_values( array_diff( $this->keys_in_table(), array( $owner ) ) );

		$single = $this->call( 'DELETE', 'sessions/' . $owner );
		$this->assertSame( 409, $single->get_status(), wp_json_encode( $single->get_data() ) );
		$this->assertSame( 'cart_sessions_own_cart', $single->get_data()['code'] );
		$this->assertSame( 'failed', $single->get_data()['data']['result'] );
		$this->assertStringContainsString( 'key owner', $single->get_data()['message'] );

		$bulk = $this->ok( 'POST', 'sessions/delete', array( 'keys' => array( $owner, $others[0] ) ) );
		$this->assertSame( array( 'failed', 'deleted' ), array_column( $bulk['results'], 'result' ) );
		$this->assertStringContainsString( 'key owner', (string) $bulk['results'][0]['message'] );
		$this->assertSame( 1, $bulk['deleted'] );
		$this->assertNotNull( $this->row( $owner ), 'the owner\'s cart is still there' );
		$this->assertNull( $this->row( $others[0] ) );
	}

	public function test_a_failing_upstream_delete_leaves_the_cart_and_says_why_and_nothing_else_changes(): void {
		$this->connect();
		$now = time();
		foreach ( array( 'a1', 'a2', 'a3', 'keep' ) as $key ) {
			$this->put_cart( $key, $this->session(), $now, $now + DAY_IN_SECONDS );
		}
		Control::set_faults( array( 'fault' => '502', 'routes' => array( 'delete' ), 'times' => 1 ) );
		$result = $this->ok( 'POST', 'sessions/delete', array( 'keys' => array( 'a1', 'a2', 'a3' ) ) );
		$this->assertSame( 2, $result['deleted'] );
		$this->assertSame( 1, $result['failed'] );
		$failed = array_values(
			array_filter( $result['results'], static function ( array $r ): bool { return 'failed' === $r['result']; } )
		);
		$this->assertStringContainsString( '502', (string) $failed[0]['message'] );
		$left = $this->without_owner( $this->keys_in_table() );
		$this->assertSame(
			array( $failed[0]['key'], 'keep' ),
			$left,
			'the failed one is still there, and nothing else went'
		);
		$this->assertContains(
			$failed[0]['key'],
			array_column( $this->ok( 'GET', 'sessions' )['items'], 'key' ),
			'and still listed'
		);

		// One cart, the same way: an error naming why, the cart still there.
		Control::set_faults( array( 'fault' => '503', 'routes' => array( 'delete' ), 'retry_after' => 0 ) );
		$response = $this->call( 'DELETE', 'sessions/keep' );
		$this->assertSame( 502, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'cart_sessions_busy', $response->get_data()['code'] );
		$this->assertSame( 'failed', $response->get_data()['data']['result'] );
		$this->assertSame( 'keep', $response->get_data()['data']['key'] );
		$this->assertNotEmpty( $response->get_data()['data']['fix'] );
		$this->assertNotNull( $this->row( 'keep' ) );
	}

	public function test_delete_one_cart_then_already_gone(): void {
		$this->connect();
		$this->put_cart( 't_one', $this->session( array( array( 16, 1 ) ) ) );
		$this->assertSame(
			array( 'key' => 't_one', 'result' => 'deleted', 'message' => null ),
			$this->ok( 'DELETE', 'sessions/t_one' )
		);
		$this->assertNull( $this->row( 't_one' ) );
		$gone = $this->ok( 'DELETE', 'sessions/t_one' );
		$this->assertSame( 'not_found', $gone['result'] );
		$this->assertNotEmpty( $gone['message'] );
	}

	public function test_a_read_only_key_fails_to_delete_and_then_the_list_says_deleting_is_off(): void {
		$this->connect( 'read' );
		$this->put_cart( 't_ro', $this->session() );
		$this->assertTrue( $this->ok( 'GET', 'sessions' )['can_delete'], 'unknown counts as yes' );
		$response = $this->call( 'DELETE', 'sessions/t_ro' );
		$this->assertSame( 502, $response->get_status() );
		$this->assertSame( 'cart_sessions_key_permission', $response->get_data()['code'] );
		$this->assertNotNull( $this->row( 't_ro' ) );
		$list = $this->ok( 'GET', 'sessions' );
		$this->assertFalse( $list['can_delete'] );
		$this->assertStringContainsString( 'Read/Write', (string) $list['can_delete_reason'] );
	}

	public function test_clearing_expired_carts_keeps_active_ones_and_needs_a_read_write_key(): void {
		$this->connect( 'read' );
		$now = time();
		$this->put_cart( 't_old', $this->session(), $now - 9 * DAY_IN_SECONDS, $now - 60 );
		$this->put_cart( 't_new', $this->session(), $now, $now + DAY_IN_SECONDS );
		// The doctor learns: read only.
		$this->assertSame( 200, $this->call( 'POST', 'connection/test' )->get_status() );
		$refused = $this->call( 'POST', 'sessions/clear-expired' );
		$this->assertSame( 403, $refused->get_status() );
		$this->assertSame( 'cart_sessions_read_only_key', $refused->get_data()['code'] );
		$this->assertStringContainsString( 'Read', $refused->get_data()['message'] );
		$this->assertNotNull( $this->row( 't_old' ), 'nothing deleted with a read-only key' );

		$this->connect( 'read_write' );
		$this->ok( 'POST', 'connection/test' );
		$cleared = $this->ok( 'POST', 'sessions/clear-expired' );
		$this->assertNull( $this->row( 't_old' ) );
		$this->assertNotNull( $this->row( 't_new' ) );
		$this->assertSame( 1, $cleared['cleared'] );
	}

	public function test_the_doctors_report_of_a_read_only_key_turns_deleting_off(): void {
		$this->connect( 'read' );
		$this->put_cart( 't_x', $this->session() );
		$this->assertSame( 200, $this->call( 'POST', 'connection/test' )->get_status() );
		$list = $this->ok( 'GET', 'sessions' );
		$this->assertFalse( $list['can_delete'] );
		$this->assertStringContainsString( 'Read only', (string) $list['can_delete_reason'] );
	}

	public function test_documented_store_deletes_through_its_own_route(): void {
		Control::set_mode( 'documented' );
		$this->connect();
		$this->put_cart( 'd1', $this->session() );
		$this->put_cart( 'd2', $this->session() );
		$this->ok( 'GET', 'sessions' );
		$result = $this->ok( 'POST', 'sessions/delete', array( 'keys' => array( 'd1', 'd2', 'd3' ) ) );
		$this->assertSame( array( 'deleted', 'deleted', 'not_found' ), array_column( $result['results'], 'result' ) );
		$this->assertNull( $this->row( 'd1' ) );
	}
}
