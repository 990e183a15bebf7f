<?php
/**
 * The list's warm path (the benchmark's budgets): a page of a cached list is read from the stored order or from a kept
 * view, never by reading every row — and it must give exactly what working the view out afresh gives. Also
 * details=cached (rows at once, counts after). Real HTTP to the double, as the other Sessions tests.
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CartSessions\Credentials\Settings;
use CartSessions\Sessions\ListCache;
use CoCartDouble\Control;

final class SessionsWarmPathTest extends SessionsTestCase {

	public function test_details_cached_answers_without_detail_requests_and_says_how_many_are_missing(): void {
		$this->connect();
		Control::seed( 45, 3 );
		$args = array( 'per_page' => 20, 'details' => 'cached' );

		$cold = $this->ok( 'GET', 'sessions', $args );
		$this->assertSame(
			array( 'list' => 1, 'single' => 0, 'delete' => 0, 'status' => 1, 'other' => 0 ),
			$this->counts(),
			'the list (and the store facts), no detail'
		);
		$this->assertCount( 20, $cold['items'] );
		$this->assertSame( 20, $cold['details_pending'] );
		$this->assertSame(
			array( null ),
			array_values( array_unique( array_column( $cold['items'], 'item_count' ) ) )
		);

		// The follow-up the screen sends: the same view, waiting for the details.
		$this->upstream = array();
		$filled         = $this->ok( 'GET', 'sessions', array( 'details' => 'wait' ) + $args );
		$this->assertSame( 0, $this->counts()['list'] );
		$this->assertSame( 20, $this->counts()['single'] );
		$this->assertSame( array_column( $cold['items'], 'key' ), array_column( $filled['items'], 'key' ) );
		$table = $this->table();
		foreach ( $filled['items'] as $row ) {
			$this->assertSame( $table[ $row['key'] ]['item_count'], $row['item_count'], $row['key'] );
			$this->assertSame( $table[ $row['key'] ]['total'], $row['total'], $row['key'] );
		}

		// From now on the cached answer is complete, still without a request.
		$this->upstream = array();
		$warm           = $this->ok( 'GET', 'sessions', $args );
		$this->assertSame( array(), $this->upstream );
		$this->assertSame( 0, $warm['details_pending'] );
		$this->assertSame( $filled['items'], $warm['items'] );
	}

	public function test_warm_pages_equal_the_view_worked_out_afresh_across_chunks(): void {
		$this->connect();
		Control::seed( 2 * ListCache::CHUNK + 350, 9 ); // Three chunks.
		$views = array(
			array(),
			array( 'orderby' => 'expires', 'order' => 'asc' ),
			array( 'source' => 'woocommerce', 'orderby' => 'key', 'order' => 'asc' ),
			array( 'search' => 'müller', 'orderby' => 'customer', 'order' => 'desc' ),
			array( 'orderby' => 'created', 'order' => 'desc' ),
		);
		$this->ok( 'GET', 'sessions', array( 'details' => 'cached' ) ); // Fetches and stores the list.
		foreach ( $views as $view ) {
			// Warm: the first page works the view out and keeps its order; the next pages read it.
			$this->upstream = array();
			$warm           = $this->pages( $view );
			$this->assertSame( array(), $this->upstream, 'no upstream request: ' . wp_json_encode( $view ) );
			$this->assertGreaterThan( 0, count( $warm ) );

			// Afresh: the kept views dropped, every page read from the whole list.
			$this->drop_kept_views();
			$afresh = array();
			foreach ( array_chunk( $warm, 100 ) as $i => $unused ) {
				$this->drop_kept_views();
				$body   = $this->ok(
					'GET',
					'sessions',
					array( 'page' => $i + 1, 'per_page' => 100, 'details' => 'cached' ) + $view
				);
				$afresh = array_merge( $afresh, array_column( $body['items'], 'key' ) );
			}
			$this->assertSame( $afresh, $warm, wp_json_encode( $view ) );
		}

		// The stored (default) order is the list sorted by expiry, newest first, ties by key. (The key owner's own
		// cart is left out: each of our requests re-stamps it, so the table moved on since the list was read.)
		$owner   = (string) $this->key['user_id'];
		$table   = $this->table();
		$default = array_values( array_diff( $this->pages( array() ), array( $owner ) ) );
		unset( $table[ $owner ] );
		$expect = array_values( $table );
		usort(
			$expect,
			static function ( array $a, array $b ): int {
				return ( $b['expiry'] <=> $a['expiry'] ) ?: strcmp( strtolower( $a['key'] ), strtolower( $b['key'] ) );
			}
		);
		$this->assertSame( array_map( 'strval', array_column( $expect, 'key' ) ), $default );
	}

	public function test_a_delete_leaves_the_warm_pages_without_the_cart_and_the_next_view_fetches_again(): void {
		$this->connect();
		Control::seed( 30, 4 );
		$first = $this->ok( 'GET', 'sessions', array( 'details' => 'cached', 'orderby' => 'key', 'order' => 'asc' ) );
		$gone  = $first['items'][1]['key'];
		$this->ok( 'POST', 'sessions/delete', array( 'keys' => array( $gone ) ) );

		$this->upstream = array();
		$after          = $this->ok(
			'GET',
			'sessions',
			array( 'details' => 'cached', 'orderby' => 'key', 'order' => 'asc' )
		);
		$this->assertSame( 1, $this->counts()['list'], 'our own delete makes the list due' );
		$this->assertNotContains( $gone, array_column( $after['items'], 'key' ) );
		$this->assertSame( count( $this->table() ), $after['total'] );
	}

	public function test_a_warm_page_change_reads_the_options_table_in_a_few_queries(): void {
		global $wpdb;
		$this->connect();
		Control::seed( ListCache::CHUNK + 100, 6 ); // Two chunks: the page asked for is in the second.
		$this->ok( 'GET', 'sessions', array( 'details' => 'cached' ) ); // Fetches and stores the list.

		// As a new request starts: nothing in memory but the autoloaded options.
		wp_cache_flush();
		wp_load_alloptions();
		$before = $wpdb->num_queries;
		$page   = $this->ok( 'GET', 'sessions', array( 'page' => 101, 'per_page' => 20, 'details' => 'cached' ) );
		$this->assertCount( 20, $page['items'] );
		// The connection, the store's facts and the key's permission (1); the details cache (1); the writer lock
		// (1); the list's meta (1) and the page's chunk (1). Read one by one, the same is 12 queries.
		$this->assertLessThanOrEqual( 5, $wpdb->num_queries - $before );
	}

	/**
	 * Every key a view shows, all pages of 100.
	 *
	 * @param array<string,string> $view
	 * @return string[]
	 */
	private function pages( array $view ): array {
		$keys = array();
		for ( $page = 1; ; $page++ ) {
			$body = $this->ok(
				'GET',
				'sessions',
				array( 'page' => $page, 'per_page' => 100, 'details' => 'cached' ) + $view
			);
			$keys = array_merge( $keys, array_column( $body['items'], 'key' ) );
			if ( $page >= $body['total_pages'] ) {
				$this->assertCount( $body['total'], $keys );
				return $keys;
			}
		}
	}

	private function drop_kept_views(): void {
		$fingerprint = ( new Settings() )->key_state()['fingerprint'];
		delete_transient( ListCache::PREFIX . $fingerprint . '_views' );
	}
}
