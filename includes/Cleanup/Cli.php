<?php
/**
 * `wp cart-sessions cleanup`: a cleanup run from the command line (trigger "cli"), registered only under WP-CLI.
 *
 *   wp cart-sessions cleanup [--expired-days=<days>] [--empty-only] [--source=<cocart|woocommerce|other>]
 *                            [--max-total=<amount>] [--keep-with-email] [--export] [--dry-run]
 *
 * --dry-run prints the preview (count and value). Otherwise the run goes batch by batch as in the browser, with
 * the same lock, re-checks and audit; the user is WP-CLI's --user, if given.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

use WP_Error;

final class Cli {

	/** @var callable(string,string):void kind (log|success|warning|error), text */
	private $say;

	/**
	 * @param callable|null $say For tests; default: WP_CLI's output.
	 */
	public function __construct( ?callable $say = null ) {
		$this->say = $say ?? static function ( string $kind, string $text ): void {
			\WP_CLI::$kind( $text ); // error() exits non-zero.
		};
	}

	public function register(): void {
		if ( defined( 'WP_CLI' ) && WP_CLI && class_exists( '\WP_CLI' ) ) {
			\WP_CLI::add_command(
				'cart-sessions cleanup',
				array( $this, 'cleanup' ),
				array(
					'shortdesc' => 'Deletes abandoned carts by rule (the Cleanup tab’s rule), batch by batch.',
					'synopsis'  => array(
						array(
							'type'        => 'assoc',
							'name'        => 'expired-days',
							'optional'    => true,
							'default'     => (string) Rule::DEFAULT_DAYS,
							'description' => 'Carts that expired more than this many days ago (0 with no other option: every expired cart, by CoCart’s bulk tool).', // phpcs:ignore Generic.Files.LineLength -- one help text.
						),
						array(
							'type'        => 'flag',
							'name'        => 'empty-only',
							'optional'    => true,
							'description' => 'Only carts with no items.',
						),
						array(
							'type'        => 'assoc',
							'name'        => 'source',
							'optional'    => true,
							'options'     => array( 'cocart', 'woocommerce', 'other' ),
							'description' => 'Only carts from this source.',
						),
						array(
							'type'        => 'assoc',
							'name'        => 'max-total',
							'optional'    => true,
							'description' => 'Only carts whose total is below this amount.',
						),
						array(
							'type'        => 'flag',
							'name'        => 'keep-with-email',
							'optional'    => true,
							'description' => 'Keep carts that have a customer email.',
						),
						array(
							'type'        => 'flag',
							'name'        => 'export',
							'optional'    => true,
							'description' => 'Write the carts to a JSON export before deleting them.',
						),
						array(
							'type'        => 'flag',
							'name'        => 'dry-run',
							'optional'    => true,
							'description' => 'Only say what would be deleted.',
						),
					),
				)
			);
		}
	}

	/**
	 * @param string[]             $args
	 * @param array<string,string> $assoc
	 */
	public function cleanup( array $args, array $assoc ): void {
		\CartSessions\Storage\Schema::maybe_upgrade();
		$rule = Rule::from_array(
			array(
				'expired_days'    => (string) ( $assoc['expired-days'] ?? Rule::DEFAULT_DAYS ),
				'empty_only'      => ! empty( $assoc['empty-only'] ),
				'source'          => (string) ( $assoc['source'] ?? '' ),
				'max_total'       => isset( $assoc['max-total'] ) ? (string) $assoc['max-total'] : null,
				'keep_with_email' => ! empty( $assoc['keep-with-email'] ),
			)
		);
		if ( $rule instanceof WP_Error ) {
			$this->say( 'error', $rule->get_error_message() );
			return;
		}
		if ( ! empty( $assoc['dry-run'] ) ) {
			$preview = ( new Preview() )->run( $rule, 1, 1 );
			if ( $preview instanceof WP_Error ) {
				$this->say( 'error', $preview->get_error_message() );
				return;
			}
			$this->say(
				'success',
				sprintf(
					/* translators: 1: carts, 2: " (value currency)" or "", 3: ", with CoCart’s bulk tool" or "" */
					__( '%1$d carts would be deleted%2$s%3$s.', 'cart-sessions-for-cocart' ),
					$preview['count'],
					null === $preview['value_total']
						? ''
						: ' (' . $preview['value_total'] . ' ' . (string) $preview['currency'] . ')',
					$preview['bulk'] ? __( ', with CoCart’s bulk tool', 'cart-sessions-for-cocart' ) : ''
				)
			);
			return;
		}
		$runner = new Runner();
		$run    = $runner->start( $rule, 'cli', get_current_user_id(), ! empty( $assoc['export'] ) );
		if ( $run instanceof WP_Error ) {
			$this->say( 'error', $run->get_error_message() );
			return;
		}
		$this->say( 'log', sprintf(
				/* translators: 1: run number, 2: number of carts, 3: " with CoCart’s bulk tool" or nothing */
				__( 'Run #%1$d: %2$d carts to delete%3$s.', 'cart-sessions-for-cocart' ),
				$run['id'],
				$run['found'],
				$run['bulk'] ? __( ' with CoCart’s bulk tool', 'cart-sessions-for-cocart' ) : ''
			) );
		while ( 'running' === $run['status'] ) {
			$run = $runner->step( (int) $run['id'] );
			if ( $run instanceof WP_Error ) {
				$this->say( 'error', $run->get_error_message() );
				return;
			}
			$this->say( 'log', sprintf(
				/* translators: 1: deleted, 2: skipped, 3: failed, 4: found */
				__( '%1$d deleted, %2$d skipped, %3$d failed of %4$d', 'cart-sessions-for-cocart' ),
				$run['deleted'],
				$run['skipped'],
				$run['failed'],
				$run['found']
			) );
		}
		foreach ( $run['failures'] as $failure ) {
			$this->say( 'warning', $failure['key'] . ': ' . $failure['reason'] );
		}
		$summary = sprintf(
			/* translators: 1: run number, 2: status (done, cancelled or failed), 3-5: deleted, skipped, failed, 6: s */
			__( 'Run #%1$d %2$s: %3$d deleted, %4$d skipped, %5$d failed, in %6$.1f s.', 'cart-sessions-for-cocart' ),
			$run['id'],
			$run['status'],
			$run['deleted'],
			$run['skipped'],
			$run['failed'],
			$run['duration_ms'] / 1000
		);
		$this->say(
			'done' === $run['status'] && 0 === $run['failed'] ? 'success' : 'error',
			$summary . ( null !== ( $run['state']['last_error'] ?? null ) ? ' ' . $run['state']['last_error'] : '' )
		);
	}

	private function say( string $kind, string $text ): void {
		( $this->say )( $kind, $text );
	}
}
