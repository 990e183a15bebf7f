<?php
/**
 * The (key, expiry) detail cache as rows of its own table: what a save writes and what a page reads follow the
 * work done, not the size of the store; carts the list no longer holds lose their rows; what goes in comes out.
 */

declare(strict_types=1);

use CartSessions\Sessions\DetailCache;
use CartSessions\Storage\Schema;

final class DetailCacheTest extends WpTestCase {

	private const STORE = 'https://shop.example';
	private const STAMP = '2026-01-02T03:04:05Z';

	/** @var array<int,string> SQL statements sent while recording. */
	private $statements = array();

	/** @var bool */
	private $recording = false;

	protected function setUp(): void {
		parent::setUp();
		$this->add_test_filter(
			'query',
			function ( $sql ) {
				if ( $this->recording ) {
					$this->statements[] = (string) $sql;
				}
				return $sql;
			}
		);
	}

	/**
	 * A store's cache with $count carts cached, saved.
	 */
	private function cached_store( int $count ): DetailCache {
		$cache = DetailCache::for_store( self::STORE );
		for ( $i = 0; $i < $count; $i++ ) {
			$cache->put( 'cart_' . $i, self::STAMP, 2, '24.00', '[[16,"Beanie",2,"24.00"]]' );
		}
		$cache->save();
		return $cache;
	}

	/**
	 * @param callable $what
	 * @return array<int,string> The statements $what sent.
	 */
	private function record( callable $what ): array {
		$this->statements = array();
		$this->recording  = true;
		try {
			$what();
		} finally {
			$this->recording = false;
		}
		return $this->statements;
	}

	/**
	 * @param array<int,string> $statements
	 */
	private static function written_bytes( array $statements ): int {
		$bytes = 0;
		foreach ( $statements as $sql ) {
			$bytes += preg_match( '/^\s*(INSERT|UPDATE|REPLACE|DELETE)\b/i', $sql ) ? strlen( $sql ) : 0;
		}
		return $bytes;
	}

	public function test_a_save_writes_the_entries_put_since_the_last_save_not_the_whole_store(): void {
		$this->cached_store( 3000 );
		$cache      = DetailCache::for_store( self::STORE ); // A later request: a scan slice that fetched 3 carts.
		$statements = $this->record(
			static function () use ( $cache ): void {
				foreach ( array( 'new_1', 'new_2', 'cart_7' ) as $key ) {
					$cache->put( $key, '2026-02-02T00:00:00Z', 1, '9.50', '[[12,"Cap",1,"9.50"]]' );
				}
				$cache->save();
			}
		);
		$written = self::written_bytes( $statements );
		$this->assertGreaterThan( 0, $written );
		$this->assertLessThan( 3 * 512, $written, 'three carts written, not 3,000' );
		$now_cached = (array) DetailCache::for_store( self::STORE )->get( 'cart_7', '2026-02-02T00:00:00Z' );
		$this->assertSame(
			array( 1, '9.50' ),
			array( $now_cached['item_count'] ?? null, $now_cached['total'] ?? null ),
			'the new stamp replaced the old one'
		);
		$this->assertNull( DetailCache::for_store( self::STORE )->get( 'cart_7', self::STAMP ) );
		$this->assertSame( array(), $this->record( array( $cache, 'save' ) ), 'nothing put since: nothing sent' );
	}

	public function test_a_page_reads_the_rows_of_its_own_carts_in_one_query(): void {
		$this->cached_store( 3000 );
		$page       = array_map(
			static function ( int $i ): string {
				return 'cart_' . $i;
			},
			range( 100, 119 )
		);
		$cache      = DetailCache::for_store( self::STORE );
		$statements = $this->record(
			static function () use ( $cache, $page ): void {
				$cache->prime( $page );
				foreach ( $page as $key ) {
					$cache->get( $key, self::STAMP );
				}
			}
		);
		$this->assertCount( 1, $statements, implode( "\n", $statements ) );
		$this->assertStringContainsString( Schema::table( 'details' ), $statements[0] );
		$this->assertSame( 20, substr_count( $statements[0], "'cart_1" ), 'the page\'s 20 keys, no others' );
		foreach ( $page as $key ) {
			$this->assertSame( 2, $cache->get( $key, self::STAMP )['item_count'] ?? null, $key );
		}
	}

	public function test_every_cart_of_a_large_store_is_read_by_pages_of_rows_not_key_by_key(): void {
		$this->cached_store( DetailCache::READ_ALL_ABOVE + 200 );
		$keys       = array_map(
			static function ( int $i ): string {
				return 'cart_' . $i;
			},
			range( 0, DetailCache::READ_ALL_ABOVE + 199 )
		);
		$cache      = DetailCache::for_store( self::STORE );
		$statements = $this->record(
			static function () use ( $cache, $keys ): void {
				$cache->prime( $keys );
				$cache->get( 'not_cached', self::STAMP ); // Known to have no row: no query of its own.
			}
		);
		$this->assertCount( 1, $statements, implode( "\n", $statements ) );
		$this->assertStringNotContainsString( ' IN (', $statements[0] );
		$this->assertNotNull( $cache->get( end( $keys ), self::STAMP ) );
	}

	public function test_pruning_deletes_the_rows_of_carts_the_list_no_longer_holds_and_keeps_the_others(): void {
		global $wpdb;
		$this->cached_store( 10 );
		$other = DetailCache::for_store( 'https://another.example' );
		$other->put( 'cart_1', self::STAMP, 1, '1.00', '[]' );
		$other->save();

		DetailCache::for_store( self::STORE )->prune( array( 'cart_2', 'cart_5', 'cart_not_cached' ) );

		$table = Schema::table( 'details' );
		$this->assertSame(
			array( 'cart_2', 'cart_5' ),
			$wpdb->get_col(
				// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our table.
				$wpdb->prepare(
					"SELECT cart_key FROM {$table} WHERE store = %s ORDER BY cart_key",
					md5( 'shop.example' )
				)
			)
		);
		$this->assertNotNull(
			DetailCache::for_store( 'https://another.example' )->get( 'cart_1', self::STAMP ),
			'another store\'s rows are not this list\'s business'
		);
	}

	public function test_forgotten_carts_lose_their_rows_at_the_save(): void {
		$cache = $this->cached_store( 3 );
		$cache->forget( array( 'cart_1' ) );
		$this->assertNull( $cache->get( 'cart_1', self::STAMP ) );
		$cache->save();
		$this->assertNull( DetailCache::for_store( self::STORE )->get( 'cart_1', self::STAMP ) );
		$this->assertNotNull( DetailCache::for_store( self::STORE )->get( 'cart_0', self::STAMP ) );
	}

	public function test_what_is_saved_comes_back_the_same_counts_totals_lines_and_failures(): void {
		$lines = DetailCache::lines(
			array(
				array(
					'product_id' => 16,
					'name'       => "O'Brien's ''quoted'' hat — 帽子 \\ end'",
					'quantity'   => 1.5,
					'line_total' => '7.25',
				),
			)
		);
		$cache = DetailCache::for_store( self::STORE );
		$cache->put( 'whole', self::STAMP, 2, '24.00', $lines );
		$cache->put( 'fraction', self::STAMP, 2.5, null, '[]' );
		$cache->put( 'ABC', self::STAMP, 1, '1.00', '[]' );
		$cache->put( 'abc', self::STAMP, 3, '3.00', '[]' );
		$cache->put_failure( 'broken', self::STAMP, 'The store failed (HTTP 500).' );
		$cache->save();

		$read = DetailCache::for_store( 'http://SHOP.example/' ); // The same store over http://.
		$this->assertSame(
			array(
				'item_count' => 2,
				'total'      => '24.00',
				'error'      => null,
				'products'   => $lines,
			),
			$read->get( 'whole', self::STAMP )
		);
		$this->assertSame( 1.5, DetailCache::decode_lines( $read->get( 'whole', self::STAMP )['products'] )[0][2] );
		$this->assertSame( "O'Brien's ''quoted'' hat — 帽子 \\ end'", DetailCache::decode_lines( $lines )[0][1] );
		$this->assertSame( 2.5, $read->get( 'fraction', self::STAMP )['item_count'] );
		$this->assertNull( $read->get( 'fraction', self::STAMP )['total'] );
		$this->assertSame( 1, $read->get( 'ABC', self::STAMP )['item_count'], 'keys are exact: ABC is not abc' );
		$this->assertSame( 3, $read->get( 'abc', self::STAMP )['item_count'] );
		$this->assertSame(
			array(
				'item_count' => null,
				'total'      => null,
				'error'      => 'The store failed (HTTP 500).',
				'products'   => null,
			),
			$read->get( 'broken', self::STAMP )
		);
		$this->assertNull( $read->get( 'whole', '2026-01-02T03:04:06Z' ), 'another expiry: fetch it again' );
	}

	public function test_a_remembered_failure_is_tried_again_once_its_time_is_up(): void {
		global $wpdb;
		$cache = DetailCache::for_store( self::STORE );
		$cache->put_failure( 'broken', self::STAMP, 'The store failed (HTTP 500).' );
		$cache->save();
		$wpdb->update(
			Schema::table( 'details' ),
			array( 'retry_at' => time() - 1 ),
			array( 'cart_key' => 'broken' )
		);
		$this->assertNull( DetailCache::for_store( self::STORE )->get( 'broken', self::STAMP ) );
	}
}
