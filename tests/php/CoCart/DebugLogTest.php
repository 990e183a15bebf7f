<?php
/**
 * The debug log: off by default, what an entry holds, redaction, the size caps, GET/DELETE log.
 */

declare(strict_types=1);

use CartSessions\CoCart\DebugLog;
use CartSessions\CoCart\Redactor;
use CartSessions\Credentials\Settings;

final class DebugLogTest extends WpTestCase {

	private const CK = 'ck_0123456789abcdef0123456789abcdef01234567';
	private const CS = 'cs_5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e70003';

	/**
	 * @return array<string,mixed>
	 */
	private static function entry( string $path = '/cocart/v2/sessions' ): array {
		return array(
			'method'      => 'GET',
			'path'        => $path,
			'status'      => 200,
			'duration_ms' => 91,
			'error'       => '',
			'auth'        => 'oauth',
			'key'         => 'ck_…4567',
			'attempt'     => 1,
		);
	}

	public function test_off_by_default(): void {
		$this->assertFalse( ( new Settings() )->debug_log_enabled() );
		( new DebugLog() )->record( self::entry() );
		$this->assertSame( array(), ( new DebugLog() )->entries() );
	}

	public function test_entries_hold_no_credentials(): void {
		$this->assertTrue(
			( new Settings() )->save(
				array( 'debug_log' => true, 'consumer_key' => self::CK, 'consumer_secret' => self::CS )
			)
		);
		$log = new DebugLog();
		$log->record(
			array(
				'path'  => '/cocart/v2/sessions?consumer_key=' . self::CK . '&consumer_secret=' . self::CS,
				'error' => 'x ' . self::CS . ' oauth_signature=abc%3D',
			) + self::entry()
		);
		$entry = $log->entries()[0];
		$this->assertSame( '/cocart/v2/sessions', $entry['path'], 'no query string' );
		$this->assertStringNotContainsString( substr( self::CS, 3 ), (string) wp_json_encode( $entry ) );
		$this->assertStringNotContainsString( 'abc%3D', $entry['error'] );
		$this->assertSame(
			array( 'time', 'method', 'path', 'status', 'duration_ms', 'error', 'auth', 'key', 'attempt' ),
			array_keys( $entry )
		);
	}

	public function test_capped_by_count_and_size(): void {
		$this->assertTrue( ( new Settings() )->save( array( 'debug_log' => true ) ) );
		$log = new DebugLog();
		for ( $i = 0; $i < DebugLog::MAX_ENTRIES + 20; $i++ ) {
			$log->record( self::entry( '/cocart/v2/session/k' . $i ) );
		}
		$entries = $log->entries();
		$this->assertCount( DebugLog::MAX_ENTRIES, $entries );
		$this->assertSame(
			'/cocart/v2/session/k' . ( DebugLog::MAX_ENTRIES + 19 ),
			end( $entries )['path'],
			'newest kept'
		);
		for ( $i = 0; $i < 60; $i++ ) {
			$log->record( self::entry( '/cocart/v2/session/' . str_repeat( 'x', 1500 ) . $i ) );
		}
		$this->assertLessThanOrEqual( DebugLog::MAX_BYTES, strlen( (string) wp_json_encode( $log->entries() ) ) );
	}

	public function test_redactor(): void {
		$text = 'Authorization: Basic Y2tfOmNzXw== consumer_secret='
			. self::CS
			. '&oauth_signature=a%2Bb "consumer_key":"'
			. self::CK
			. '" cs_'
			. str_repeat(
			'f',
			40
		);
		$out  = Redactor::redact( $text, array( self::CS ) );
		foreach ( array( 'Y2tfOmNzXw==', substr( self::CS, 3 ), 'a%2Bb', self::CK, str_repeat( 'f', 40 ) ) as $gone ) {
			$this->assertStringNotContainsString( $gone, $out );
		}
	}

	public function test_routes_read_and_clear(): void {
		$this->log_in_as( 'administrator' );
		$this->assertTrue( ( new Settings() )->save( array( 'debug_log' => true ) ) );
		( new DebugLog() )->record( self::entry() );
		$read = $this->rest( 'GET', '/cart-sessions/v1/log' );
		$this->assertSame( 200, $read->get_status() );
		$this->assertTrue( $read->get_data()['enabled'] );
		$this->assertCount( 1, $read->get_data()['entries'] );
		$cleared = $this->rest( 'DELETE', '/cart-sessions/v1/log' );
		$this->assertSame( 200, $cleared->get_status() );
		$this->assertSame( array(), $cleared->get_data()['entries'] );
		$this->assertFalse( get_option( DebugLog::OPTION ) );
	}
}
